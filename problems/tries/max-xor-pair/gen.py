import random


def _best(codes):
    # Independent check: fix the answer bit by bit using sets of prefixes.
    best = 0
    for b in range(30, -1, -1):
        candidate = best | (1 << b)
        prefixes = {c >> b for c in codes}
        if any((p ^ (candidate >> b)) in prefixes for p in prefixes):
            best = candidate
    return best


def generate(rng: random.Random) -> list[dict]:
    n = 15_000
    uniform = [rng.randrange(2**31) for _ in range(n)]
    # All codes share the top 11 bits, so the answer lives in the low bits only.
    shared = [(0b10110011101 << 20) | rng.randrange(2**20) for _ in range(n)]
    return [
        {"args": [uniform], "expected": _best(uniform)},
        {"args": [shared], "expected": _best(shared)},
    ]
