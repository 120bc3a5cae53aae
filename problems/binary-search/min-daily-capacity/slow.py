def min_daily_capacity(pages: list[int], days: int) -> int:
    # Brute force: try every budget from the largest job upward.
    budget = max(pages)
    while True:
        used, today = 1, 0
        for p in pages:
            if today + p > budget:
                used += 1
                today = 0
            today += p
        if used <= days:
            return budget
        budget += 1
