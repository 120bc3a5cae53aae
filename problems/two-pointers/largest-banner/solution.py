def largest_banner(poles: list[int]) -> int:
    i, j = 0, len(poles) - 1
    best = 0
    while i < j:
        if poles[i] <= poles[j]:
            best = max(best, (j - i) * poles[i])
            i += 1
        else:
            best = max(best, (j - i) * poles[j])
            j -= 1
    return best
