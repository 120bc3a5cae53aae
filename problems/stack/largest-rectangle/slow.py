def largest_rectangle(heights: list[int]) -> int:
    # Brute force: every range of columns, tracking the running minimum height.
    best = 0
    n = len(heights)
    for i in range(n):
        low = heights[i]
        for j in range(i, n):
            low = min(low, heights[j])
            best = max(best, low * (j - i + 1))
    return best
