def longest_distinct_streak(plays: list[int]) -> int:
    # Brute force: grow a run from every start until a song repeats.
    best = 0
    for start in range(len(plays)):
        seen = set()
        for song in plays[start:]:
            if song in seen:
                break
            seen.add(song)
        best = max(best, len(seen))
    return best
