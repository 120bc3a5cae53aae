def max_on_one_line(points: list[list[int]]) -> int:
    # Every pair defines a line; count the points on it with a cross product.
    n = len(points)
    if n <= 2:
        return n
    best = 2
    for i in range(n):
        x1, y1 = points[i]
        for j in range(i + 1, n):
            dx, dy = points[j][0] - x1, points[j][1] - y1
            on_line = 0
            for x, y in points:
                if dx * (y - y1) == dy * (x - x1):
                    on_line += 1
            best = max(best, on_line)
    return best
