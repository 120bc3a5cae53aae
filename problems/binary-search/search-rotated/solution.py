def find_in_rotated(stamps: list[int], target: int) -> int:
    lo, hi = 0, len(stamps) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if stamps[mid] == target:
            return mid
        if stamps[lo] <= stamps[mid]:  # left half lo..mid is increasing
            if stamps[lo] <= target < stamps[mid]:
                hi = mid - 1
            else:
                lo = mid + 1
        else:  # right half mid..hi is increasing
            if stamps[mid] < target <= stamps[hi]:
                lo = mid + 1
            else:
                hi = mid - 1
    return -1
