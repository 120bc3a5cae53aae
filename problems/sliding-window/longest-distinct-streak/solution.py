def longest_distinct_streak(plays: list[int]) -> int:
    last_seen: dict[int, int] = {}
    left = best = 0
    for right, song in enumerate(plays):
        previous = last_seen.get(song, -1)
        if previous >= left:
            left = previous + 1
        last_seen[song] = right
        best = max(best, right - left + 1)
    return best
