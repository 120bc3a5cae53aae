from bisect import bisect_left


def pair_sum_sorted(nums: list[int], target: int) -> list[int]:
    i, j = 0, len(nums) - 1
    while i < j:
        s = nums[i] + nums[j]
        if s == target:
            # Smallest j for this i: the first occurrence of nums[j] after i.
            return [i, bisect_left(nums, nums[j], i + 1)]
        if s < target:
            i += 1
        else:
            j -= 1
    return []
