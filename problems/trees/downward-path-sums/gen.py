import random
from collections import deque

MAX_HEIGHT = 500


def _deep_tree(rng, n, lo, hi, fan_bits):
    """A "broom" of n nodes, height ≤ MAX_HEIGHT, as child index arrays: a long trunk, then a
    complete binary fan with 2**fan_bits tips, then one long chain hanging from every tip."""
    val, left, right = [], [], []

    def add(parent, side):
        val.append(rng.randint(lo, hi))
        left.append(-1)
        right.append(-1)
        i = len(val) - 1
        if parent != -1:
            if side == "L":
                left[parent] = i
            else:
                right[parent] = i
        return i

    tips = 2**fan_bits
    # trunk + fan_bits + chain == MAX_HEIGHT and trunk + (2 * tips - 1) + tips * chain <= n
    chain = (n - MAX_HEIGHT + fan_bits - 2 * tips + 1) // (tips - 1)
    trunk = MAX_HEIGHT - fan_bits - chain
    assert trunk >= 1 and trunk + fan_bits + chain <= MAX_HEIGHT
    node = add(-1, "")
    for _ in range(trunk - 1):
        node = add(node, rng.choice("LR"))
    level = [node]
    for _ in range(fan_bits):
        level = [add(p, side) for p in level for side in "LR"]
    for tip in level:
        node = tip
        for _ in range(chain):
            node = add(node, rng.choice("LR"))
    return val, left, right


def _level_order(val, left, right):
    out, q = [], deque([0])
    while q:
        i = q.popleft()
        if i == -1:
            out.append(None)
            continue
        out.append(val[i])
        q.append(left[i])
        q.append(right[i])
    while out and out[-1] is None:
        out.pop()
    return out


def _count(val, left, right, target):
    # Iterative prefix-sum walk with explicit enter/leave events.
    counts = {0: 1}
    total = 0
    stack = [(0, 0, False)]
    while stack:
        i, above, leaving = stack.pop()
        s = above + val[i]
        if leaving:
            counts[s] -= 1
            continue
        total += counts.get(s - target, 0)
        counts[s] = counts.get(s, 0) + 1
        stack.append((i, above, True))
        for c in (left[i], right[i]):
            if c != -1:
                stack.append((c, s, False))
    return total


def generate(rng: random.Random) -> list[dict]:
    cases = []
    for n, lo, hi, target, fan in ((40_000, -3, 3, 4, 8), (40_000, -(10**9), 10**9, None, 7)):
        val, left, right = _deep_tree(rng, n, lo, hi, fan)
        if target is None:  # a two-node route somewhere in the middle
            p = next(i for i in range(n // 2, n) if left[i] != -1)
            target = val[p] + val[left[p]]
        cases.append(
            {
                "args": [_level_order(val, left, right), target],
                "expected": _count(val, left, right, target),
            }
        )
    return cases
