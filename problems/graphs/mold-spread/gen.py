import random


def _minutes(grid):
    # Independent: Dijkstra-free relaxation sweep by BFS layers using sets.
    rows, cols = len(grid), len(grid[0])
    frontier = {(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == 2}
    fresh = {(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == 1}
    t = 0
    while frontier and fresh:
        nxt = set()
        for r, c in frontier:
            for cell in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if cell in fresh:
                    fresh.discard(cell)
                    nxt.add(cell)
        if not nxt:
            break
        frontier = nxt
        t += 1
    return -1 if fresh else t


def _clear_cut_off(grid):
    """Empty every fresh slot that no mold can reach, so the answer is not -1."""
    rows, cols = len(grid), len(grid[0])
    stack = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == 2]
    reached = set(stack)
    while stack:
        r, c = stack.pop()
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == 1 and (nr, nc) not in reached:
                reached.add((nr, nc))
                stack.append((nr, nc))
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == 1 and (r, c) not in reached:
                grid[r][c] = 0


def generate(rng: random.Random) -> list[dict]:
    n = 200
    # A serpentine corridor of fresh crates: the mold must walk ~20 000 steps.
    snake = []
    for r in range(n):
        if r % 2 == 0:
            snake.append([1] * n)
        elif r % 4 == 1:
            snake.append([0] * (n - 1) + [1])
        else:
            snake.append([1] + [0] * (n - 1))
    snake[0][0] = 2
    # A random floor where most fresh crates are reachable.
    noisy = [[rng.choices((0, 1, 2), (15, 84, 1))[0] for _ in range(n)] for _ in range(n)]
    _clear_cut_off(noisy)
    return [
        {"args": [snake], "expected": _minutes(snake)},
        {"args": [noisy], "expected": _minutes(noisy)},
    ]
