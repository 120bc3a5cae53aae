import random

MOD = 1_000_000_007


def _routes(floor):
    # Column by column, keeping a full table (a different sweep from the row-rolling one).
    rows, cols = len(floor), len(floor[0])
    table = [[0] * cols for _ in range(rows)]
    for c in range(cols):
        for r in range(rows):
            if floor[r][c] == "#":
                continue
            if r == 0 and c == 0:
                table[r][c] = 1
                continue
            up = table[r - 1][c] if r > 0 else 0
            left = table[r][c - 1] if c > 0 else 0
            table[r][c] = (up + left) % MOD
    return table[-1][-1]


def _floor(rng, rows, cols, density):
    grid = [["#" if rng.random() < density else "." for _ in range(cols)] for _ in range(rows)]
    grid[0][0] = grid[-1][-1] = "."
    return ["".join(row) for row in grid]


def generate(rng: random.Random) -> list[dict]:
    a = _floor(rng, 300, 300, 0.05)
    b = _floor(rng, 120, 300, 0.2)
    return [{"args": [a], "expected": _routes(a)}, {"args": [b], "expected": _routes(b)}]
