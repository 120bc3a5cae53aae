import random


def _best(keys):
    # Binary trie of the keys (children stored in two flat lists); for each key walk
    # towards the opposite bit whenever possible.
    zero, one = [0], [0]
    for key in keys:
        node = 0
        for bit in range(30, -1, -1):
            branch = one if (key >> bit) & 1 else zero
            if branch[node] == 0:
                zero.append(0)
                one.append(0)
                branch[node] = len(zero) - 1
            node = branch[node]
    best = 0
    for key in keys:
        node, value = 0, 0
        for bit in range(30, -1, -1):
            want = zero if (key >> bit) & 1 else one
            if want[node]:
                value |= 1 << bit
                node = want[node]
            else:
                node = (one if want is zero else zero)[node]
        best = max(best, value)
    return best


def generate(rng: random.Random) -> list[dict]:
    wide = [rng.getrandbits(31) for _ in range(50_000)]
    # All keys share their top bits, so the answer is decided in the low bits only.
    narrow = [(0b1011 << 27) | rng.getrandbits(20) for _ in range(50_000)]
    return [
        {"args": [wide], "expected": _best(wide)},
        {"args": [narrow], "expected": _best(narrow)},
    ]
