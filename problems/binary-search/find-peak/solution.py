def find_peak(alt: list[int]) -> int:
    lo, hi = 0, len(alt) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if alt[mid] < alt[mid + 1]:
            lo = mid + 1  # uphill to the right: a summit lies there
        else:
            hi = mid  # downhill: mid or something to its left is a summit
    return lo
