def pair_sum_sorted(nums: list[int], target: int) -> list[int]:
    pass
