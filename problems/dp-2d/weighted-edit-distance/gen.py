import random
from functools import lru_cache


def _cost(a, b, ins, dele, rep):
    # Memoized over suffixes, filled from the back so the recursion stays shallow.
    n, m = len(a), len(b)

    @lru_cache(maxsize=None)
    def go(i, j):
        if i == n:
            return (m - j) * ins
        if j == m:
            return (n - i) * dele
        return min(
            go(i + 1, j + 1) + (0 if a[i] == b[j] else rep),
            go(i + 1, j) + dele,
            go(i, j + 1) + ins,
        )

    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            go(i, j)
    result = go(0, 0)
    go.cache_clear()
    return result


def generate(rng: random.Random) -> list[dict]:
    a = "".join(rng.choice("acgt") for _ in range(300))
    b = "".join(rng.choice("acgt") for _ in range(300))
    c = "".join(rng.choice("abcdefghij") for _ in range(250))
    d = list(c)
    for _ in range(60):  # a noisy copy: a realistic OCR pair
        k = rng.randrange(len(d))
        d[k] = rng.choice("abcdefghij")
    d = "".join(d[:200]) + "zz" + "".join(d[205:])
    return [
        {"args": [a, b, 3, 2, 4], "expected": _cost(a, b, 3, 2, 4)},
        {"args": [c, d, 7, 5, 9], "expected": _cost(c, d, 7, 5, 9)},
    ]
