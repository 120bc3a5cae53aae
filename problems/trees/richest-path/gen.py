import random
from collections import deque

MAX_HEIGHT = 500


def _random_tree(rng, n, lo, hi):
    """n nodes, height ≤ MAX_HEIGHT, grown mostly by extending recent nodes (long chains)."""
    val, left, right, depth = [rng.randint(lo, hi)], [-1], [-1], [1]
    open_slots = [(0, 0), (0, 1)]
    while len(val) < n:
        k = (
            len(open_slots) - 1 - rng.randrange(3)
            if rng.random() < 0.9
            else rng.randrange(len(open_slots))
        )
        k = max(k, 0)
        p, side = open_slots[k]
        open_slots[k] = open_slots[-1]
        open_slots.pop()
        if depth[p] >= MAX_HEIGHT:
            continue
        c = len(val)
        val.append(rng.randint(lo, hi))
        left.append(-1)
        right.append(-1)
        depth.append(depth[p] + 1)
        if side == 0:
            left[p] = c
        else:
            right[p] = c
        open_slots += [(c, 0), (c, 1)]
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


def _best(val, left, right):
    # Children always have larger indices than parents here, so a reverse sweep is post-order.
    n = len(val)
    chain = [0] * n
    best = max(val)
    for i in range(n - 1, -1, -1):
        a = chain[left[i]] if left[i] != -1 else 0
        b = chain[right[i]] if right[i] != -1 else 0
        a, b = max(a, 0), max(b, 0)
        best = max(best, val[i] + a + b)
        chain[i] = val[i] + max(a, b)
    return best


def generate(rng: random.Random) -> list[dict]:
    cases = []
    for n, lo, hi in ((30_000, -1000, 1000), (30_000, -1000, -1)):
        val, left, right = _random_tree(rng, n, lo, hi)
        cases.append(
            {"args": [_level_order(val, left, right)], "expected": _best(val, left, right)}
        )
    return cases
