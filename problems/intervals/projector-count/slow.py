def min_projectors(talks: list[list[int]]) -> int:
    # For each talk's start, count every talk running at that instant.
    peak = 0
    for s, _ in talks:
        running = 0
        for a, b in talks:
            if a <= s < b:
                running += 1
        peak = max(peak, running)
    return peak
