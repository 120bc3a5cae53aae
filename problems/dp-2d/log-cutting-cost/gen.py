import random
from functools import lru_cache


def _cost(length, marks):
    # Memoized recursion on piece boundaries, filled by increasing piece size.
    pos = [0] + sorted(marks) + [length]

    @lru_cache(maxsize=None)
    def finish(i, j):
        if j - i < 2:
            return 0
        inner = min(finish(i, k) + finish(k, j) for k in range(i + 1, j))
        return pos[j] - pos[i] + inner

    n = len(pos)
    for span in range(n):
        for i in range(n - span):
            finish(i, i + span)
    return finish(0, n - 1)


def generate(rng: random.Random) -> list[dict]:
    length = 1_000_000
    a = rng.sample(range(1, length), 100)
    b = list(range(1, 101))  # crowded at the left end of a long log
    rng.shuffle(b)
    return [
        {"args": [length, a], "expected": _cost(length, a)},
        {"args": [length, b], "expected": _cost(length, b)},
    ]
