def pair_sum_sorted(nums: list[int], target: int) -> list[int]:
    """Return [i, j] (i < j, smallest i, then smallest j) with nums[i] + nums[j] == target, or []."""
    pass
