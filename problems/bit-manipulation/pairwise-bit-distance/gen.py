import random
from collections import Counter


def _total(codes):
    # Per-bit counting over the distinct codes, weighted by how often each code occurs.
    n = len(codes)
    counts = Counter(codes)
    total = 0
    for bit in range(30):
        mask = 1 << bit
        ones = sum(c for code, c in counts.items() if code & mask)
        total += ones * (n - ones)
    return total


def generate(rng: random.Random) -> list[dict]:
    codes = [rng.getrandbits(30) for _ in range(100_000)]
    return [{"args": [codes], "expected": _total(codes)}]
