def min_projectors(talks: list[list[int]]) -> int:
    starts = sorted(s for s, _ in talks)
    ends = sorted(e for _, e in talks)
    running = peak = 0
    j = 0
    for s in starts:
        while ends[j] <= s:  # talks that are over by time s free their projector
            running -= 1
            j += 1
        running += 1
        peak = max(peak, running)
    return peak
