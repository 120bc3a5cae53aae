import random
from math import gcd, isqrt


def _best(points):
    # Group all pairs by the line a·x + b·y = c they span (normalised integer triple);
    # a line holding k points collects k·(k−1)/2 pairs.
    n = len(points)
    if n <= 2:
        return n
    pairs = {}
    for i in range(n):
        x1, y1 = points[i]
        for j in range(i + 1, n):
            x2, y2 = points[j]
            a, b = y2 - y1, x1 - x2
            g = gcd(a, b)
            a, b = a // g, b // g
            if a < 0 or (a == 0 and b < 0):
                a, b = -a, -b
            key = (a, b, a * x1 + b * y1)
            pairs[key] = pairs.get(key, 0) + 1
    m = max(pairs.values())
    return (1 + isqrt(1 + 8 * m)) // 2


def generate(rng: random.Random) -> list[dict]:
    seen = set()
    points = []

    def add(x, y):
        if -10_000 <= x <= 10_000 and -10_000 <= y <= 10_000 and (x, y) not in seen:
            seen.add((x, y))
            points.append([x, y])

    for t in range(-30, 30):  # a planted slanted line with slope 7/3
        add(3 * t + 11, 7 * t - 5)
    for t in range(-12, 12):  # a shorter planted line with slope -1/2
        add(-2 * t + 400, t + 900)
    while len(points) < 1000:
        add(rng.randint(-10_000, 10_000), rng.randint(-10_000, 10_000))
    rng.shuffle(points)
    return [{"args": [points], "expected": _best(points)}]
