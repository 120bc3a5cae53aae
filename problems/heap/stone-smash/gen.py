import random
from bisect import insort


def _simulate(masses):
    # Independent model: a sorted list kept in order with insort.
    blocks = sorted(masses)
    while len(blocks) > 1:
        first, second = blocks.pop(), blocks.pop()
        if first != second:
            insort(blocks, first - second)
    return blocks[0] if blocks else 0


def generate(rng: random.Random) -> list[dict]:
    big = [rng.randint(1, 10**9) for _ in range(50_000)]
    small = [rng.randint(1, 1000) for _ in range(50_000)]
    return [
        {"args": [big], "expected": _simulate(big)},
        {"args": [small], "expected": _simulate(small)},
    ]
