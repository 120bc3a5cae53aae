import random
from bisect import bisect_left, bisect_right


def _answers(windows, queries):
    # Smallest windows first: each one claims every still-unanswered query inside it.
    # `skip` is a union-find "next unanswered position" over the sorted distinct queries.
    values = sorted(set(queries))
    best = [-1] * len(values)
    skip = list(range(len(values) + 1))

    def find(x):
        while skip[x] != x:
            skip[x] = skip[skip[x]]
            x = skip[x]
        return x

    for left, right in sorted(windows, key=lambda w: w[1] - w[0]):
        p = find(bisect_left(values, left))
        end = bisect_right(values, right)
        while p < end:
            best[p] = right - left + 1
            skip[p] = p + 1
            p = find(p + 1)
    index = {v: i for i, v in enumerate(values)}
    return [best[index[q]] for q in queries]


def generate(rng: random.Random) -> list[dict]:
    n = 50_000
    windows = []
    for _ in range(n):
        left = rng.randint(1, 10**7)
        windows.append([left, min(10**7, left + rng.randint(0, 200_000))])
    queries = [rng.randint(1, 10**7) for _ in range(n)]
    return [{"args": [windows, queries], "expected": _answers(windows, queries)}]
