def largest_banner(poles: list[int]) -> int:
    # Brute force: every pair of poles.
    best = 0
    n = len(poles)
    for i in range(n):
        for j in range(i + 1, n):
            best = max(best, (j - i) * min(poles[i], poles[j]))
    return best
