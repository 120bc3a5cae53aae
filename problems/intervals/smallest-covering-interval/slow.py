def tightest_windows(windows: list[list[int]], queries: list[int]) -> list[int]:
    # Check every window for every query.
    answer = []
    for q in queries:
        best = -1
        for left, right in windows:
            if left <= q <= right:
                size = right - left + 1
                if best < 0 or size < best:
                    best = size
        answer.append(best)
    return answer
