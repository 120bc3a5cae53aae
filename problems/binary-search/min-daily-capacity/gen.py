import random


def _answer(pages, days):
    # Independent reference: the answer is the smallest B such that the greedy split
    # uses <= days days. Search B with prefix sums and bisect so each feasibility test
    # jumps a whole day at a time, then binary search B with an exponential step.
    from bisect import bisect_right

    prefix = [0]
    for p in pages:
        prefix.append(prefix[-1] + p)
    n = len(pages)

    def fits(budget):
        start, used = 0, 0
        while start < n:
            # furthest end with prefix[end] - prefix[start] <= budget
            end = bisect_right(prefix, prefix[start] + budget) - 1
            if end == start:
                return False
            start = end
            used += 1
            if used > days:
                return False
        return True

    lo, hi = max(pages), prefix[-1]
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def generate(rng: random.Random) -> list[dict]:
    pages = [rng.randint(1, 100_000) for _ in range(20_000)]
    small = [rng.randint(1, 50) for _ in range(20_000)]
    return [
        {"args": [pages, 12], "expected": _answer(pages, 12)},
        {"args": [small, 700], "expected": _answer(small, 700)},
    ]
