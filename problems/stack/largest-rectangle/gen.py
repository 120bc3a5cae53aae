import random


def _answer(heights):
    # Independent reference: divide and conquer on the position of the minimum, with a
    # sparse table for range-minimum queries and an explicit work list (no recursion).
    n = len(heights)
    if n == 0:
        return 0
    table = [list(range(n))]
    k = 1
    while (1 << k) <= n:
        prev, half = table[-1], 1 << (k - 1)
        row = []
        for i in range(n - (1 << k) + 1):
            a, b = prev[i], prev[i + half]
            row.append(a if heights[a] <= heights[b] else b)
        table.append(row)
        k += 1

    def argmin(lo, hi):  # inclusive range
        j = (hi - lo + 1).bit_length() - 1
        a, b = table[j][lo], table[j][hi - (1 << j) + 1]
        return a if heights[a] <= heights[b] else b

    best = 0
    work = [(0, n - 1)]
    while work:
        lo, hi = work.pop()
        if lo > hi:
            continue
        m = argmin(lo, hi)
        best = max(best, heights[m] * (hi - lo + 1))
        work.append((lo, m - 1))
        work.append((m + 1, hi))
    return best


def generate(rng: random.Random) -> list[dict]:
    n = 60_000
    rough = [rng.randint(0, 10**9) for _ in range(n)]
    # Slowly rising skyline with noise: wide murals, many pops.
    ramp = [i * 10_000 + rng.randint(0, 50_000) for i in range(n)]
    return [
        {"args": [rough], "expected": _answer(rough)},
        {"args": [ramp], "expected": _answer(ramp)},
    ]
