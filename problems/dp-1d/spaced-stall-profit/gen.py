import random


def _best(profit, gap):
    # Track two running values: best over all prefixes that end before the allowed boundary.
    n = len(profit)
    ending = [0] * n  # best total whose rightmost open spot is i
    prefix_max = [0] * (n + 1)  # max(0, ending[0..k-1])
    for i, p in enumerate(profit):
        j = i - gap  # spots 0..j-1 are compatible with i
        ending[i] = p + (prefix_max[j] if j > 0 else 0)
        prefix_max[i + 1] = max(prefix_max[i], ending[i])
    return prefix_max[n]


def generate(rng: random.Random) -> list[dict]:
    a = [rng.randint(-10**9, 10**9) for _ in range(80_000)]
    b = [rng.randint(-1000, 10**5) for _ in range(100_000)]
    return [
        {"args": [a, 1], "expected": _best(a, 1)},
        {"args": [b, 37], "expected": _best(b, 37)},
    ]
