import random
from collections import deque


def _answer(heights):
    # Independent: binary search on the sorted distinct heights, BFS for each guess.
    rows, cols = len(heights), len(heights[0])
    levels = sorted({h for row in heights for h in row})

    def ok(limit):
        if heights[0][0] > limit:
            return False
        seen = [[False] * cols for _ in range(rows)]
        seen[0][0] = True
        q = deque([(0, 0)])
        while q:
            r, c = q.popleft()
            for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if (
                    0 <= nr < rows
                    and 0 <= nc < cols
                    and not seen[nr][nc]
                    and heights[nr][nc] <= limit
                ):
                    seen[nr][nc] = True
                    q.append((nr, nc))
        return seen[rows - 1][cols - 1]

    lo, hi = 0, len(levels) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(levels[mid]):
            hi = mid
        else:
            lo = mid + 1
    return levels[lo]


def generate(rng: random.Random) -> list[dict]:
    n = 150
    # Distinct random heights: the answer sits around the percolation threshold.
    cells = rng.sample(range(10**9), n * n)
    distinct = [cells[r * n : (r + 1) * n] for r in range(n)]
    # Low, distinct terrain everywhere except a high diagonal wall cutting off the target
    # corner: almost the whole map is reachable long before the wall can be crossed.
    low = rng.sample(range(10**8), n * n)
    walled = [low[r * n : (r + 1) * n] for r in range(n)]
    for r in range(n):
        c = 2 * n - 8 - r
        if 0 <= c < n:
            walled[r][c] = rng.randrange(9 * 10**8, 10**9)
    return [
        {"args": [distinct], "expected": _answer(distinct)},
        {"args": [walled], "expected": _answer(walled)},
    ]
