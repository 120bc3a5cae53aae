def min_hops(reach: list[int]) -> int:
    # Relax every single flight: best[j] = min(best[j], best[i] + 1) for each i -> j.
    n = len(reach)
    inf = n + 1
    best = [inf] * n
    best[0] = 0
    for i in range(n):
        if best[i] == inf:
            continue
        for j in range(i + 1, min(n, i + reach[i] + 1)):
            if best[i] + 1 < best[j]:
                best[j] = best[i] + 1
    return best[-1] if best[-1] < inf else -1
