from collections import deque


def minutes_to_spoil(grid: list[list[int]]) -> int:
    rows, cols = len(grid), len(grid[0])
    state = [row[:] for row in grid]  # do not modify the caller's grid
    queue = deque()
    fresh = 0
    for r in range(rows):
        for c in range(cols):
            if state[r][c] == 2:
                queue.append((r, c, 0))
            elif state[r][c] == 1:
                fresh += 1
    last = 0
    while queue:
        r, c, t = queue.popleft()
        last = t
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < rows and 0 <= nc < cols and state[nr][nc] == 1:
                state[nr][nc] = 2
                fresh -= 1
                queue.append((nr, nc, t + 1))
    return last if fresh == 0 else -1
