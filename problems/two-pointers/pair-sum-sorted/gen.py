import random
from bisect import bisect_left


def _answer(nums, target):
    # Independent reference: for each i, binary-search its complement after i.
    for i, x in enumerate(nums):
        k = bisect_left(nums, target - x, i + 1)
        if k < len(nums) and nums[k] == target - x:
            return [i, k]
    return []


def generate(rng: random.Random) -> list[dict]:
    n = 50_000
    # Even values and an odd target: no pair exists, so a quadratic scan does n²/2 steps.
    nums = sorted(2 * rng.randrange(-(10**8), 10**8) for _ in range(n))
    target = 2 * rng.randrange(-(10**8), 10**8) + 1
    # And one case whose only pair sits in the middle of a long array.
    mid = sorted(2 * rng.randrange(0, 10**8) for _ in range(n))
    mid_target = mid[n // 2] + mid[n // 2 + 1] + 1
    mid[n // 2 + 1] += 1
    mid.sort()
    return [
        {"args": [nums, target], "expected": _answer(nums, target)},
        {"args": [mid, mid_target], "expected": _answer(mid, mid_target)},
    ]
