import random


def _answer(codes):
    # Independent reference: remember the first index of each code, drop codes seen twice.
    first = {}
    repeated = set()
    for i, code in enumerate(codes):
        if code in first:
            repeated.add(code)
        else:
            first[code] = i
    best = -1
    for code, i in first.items():
        if code not in repeated and (best == -1 or i < best):
            best = i
    return best


def _code(rng, k):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(k))


def generate(rng: random.Random) -> list[dict]:
    m = 25_000
    names = list(dict.fromkeys(_code(rng, 8) for _ in range(m)))
    # Every code appears twice, far apart, and the one-off sits at the very end:
    # a "look for another copy" scan does about m steps per code.
    first_half = names[:]
    second_half = names[:]
    rng.shuffle(first_half)
    rng.shuffle(second_half)
    codes = first_half + second_half + ["zz" + _code(rng, 6)]
    # A busy log where (for this seed) nothing is a one-off.
    pool = [_code(rng, 5) for _ in range(4_000)]
    busy = [rng.choice(pool) for _ in range(40_000)] + pool
    rng.shuffle(busy)
    return [
        {"args": [codes], "expected": _answer(codes)},
        {"args": [busy], "expected": _answer(busy)},
    ]
