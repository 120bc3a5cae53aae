import random
from collections import Counter


def _single(scans):
    return next(v for v, c in Counter(scans).items() if c == 1)


def generate(rng: random.Random) -> list[dict]:
    values = rng.sample(range(-(2**31), 2**31), 70_000)
    lone = values.pop()
    scans = values + values
    rng.shuffle(scans)
    scans.append(lone)  # last, so scanning from the front finds it late
    return [{"args": [scans], "expected": _single(scans)}]
