import random
from bisect import bisect_left


def _covered(tasks, volunteers):
    # Binary search on the answer k: k tasks can be covered exactly when the k easiest
    # tasks, paired in order with the k strongest volunteers, are all met.
    t = sorted(tasks)
    v = sorted(volunteers)

    def ok(k):
        top = v[len(v) - k:]
        return all(top[i] >= t[i] for i in range(k))

    lo, hi = 0, min(len(t), len(v))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ok(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def generate(rng: random.Random) -> list[dict]:
    n = 60_000
    tasks = [rng.randint(1, 10**9) for _ in range(n)]
    volunteers = [rng.randint(1, 10**9) for _ in range(n)]
    return [{"args": [tasks, volunteers], "expected": _covered(tasks, volunteers)}]
