def min_cutting_cost(length: int, marks: list[int]) -> int:
    pos = [0] + sorted(marks) + [length]
    n = len(pos)
    # best[i][j]: cheapest way to make every cut strictly between boundaries i and j.
    best = [[0] * n for _ in range(n)]
    for span in range(2, n):
        for i in range(n - span):
            j = i + span
            row_i = best[i]
            best[i][j] = pos[j] - pos[i] + min(row_i[k] + best[k][j] for k in range(i + 1, j))
    return best[0][n - 1]
