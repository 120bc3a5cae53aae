from math import gcd


def max_on_one_line(points: list[list[int]]) -> int:
    n = len(points)
    if n <= 2:
        return n
    best = 2
    for i in range(n - 1):
        x0, y0 = points[i]
        counts: dict[tuple[int, int], int] = {}
        for j in range(i + 1, n):
            dx, dy = points[j][0] - x0, points[j][1] - y0
            g = gcd(dx, dy)
            dx, dy = dx // g, dy // g
            if dx < 0 or (dx == 0 and dy < 0):
                dx, dy = -dx, -dy
            counts[dx, dy] = counts.get((dx, dy), 0) + 1
        best = max(best, 1 + max(counts.values()))
    return best
