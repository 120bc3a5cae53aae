def min_daily_capacity(pages: list[int], days: int) -> int:
    def days_needed(budget: int) -> int:
        used, today = 1, 0
        for p in pages:
            if today + p > budget:
                used += 1
                today = 0
            today += p
        return used

    lo, hi = max(pages), sum(pages)
    while lo < hi:
        mid = (lo + hi) // 2
        if days_needed(mid) <= days:
            hi = mid
        else:
            lo = mid + 1
    return lo
