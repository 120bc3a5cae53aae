import random


def _answer(s):
    # Independent reference: match brackets by depth. Record the open bracket at each depth;
    # a closer must match the one recorded at the current depth.
    pairs = {")": "(", "]": "[", "}": "{"}
    at_depth = []
    depth = 0
    for ch in s:
        if ch in "([{":
            if depth == len(at_depth):
                at_depth.append(ch)
            else:
                at_depth[depth] = ch
            depth += 1
        elif ch in pairs:
            if depth == 0 or at_depth[depth - 1] != pairs[ch]:
                return False
            depth -= 1
    return depth == 0


def generate(rng: random.Random) -> list[dict]:
    # Deep nesting: one pair-deleting pass removes only the innermost layer.
    depth = 150_000
    opens = [rng.choice("([{") for _ in range(depth)]
    closes = {"(": ")", "[": "]", "{": "}"}
    deep = "".join(opens) + "x" + "".join(closes[c] for c in reversed(opens))
    # The same shape with one wrong closer near the end.
    broken = list(deep)
    broken[-3] = ")" if broken[-3] != ")" else "]"
    broken = "".join(broken)
    return [
        {"args": [deep], "expected": _answer(deep)},
        {"args": [broken], "expected": _answer(broken)},
    ]
