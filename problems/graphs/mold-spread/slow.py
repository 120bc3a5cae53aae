def minutes_to_spoil(grid):
    state = [row[:] for row in grid]
    rows, cols = len(state), len(state[0])
    minutes = 0
    while True:
        turning = [
            (r, c)
            for r in range(rows)
            for c in range(cols)
            if state[r][c] == 1
            and any(
                0 <= r + dr < rows and 0 <= c + dc < cols and state[r + dr][c + dc] == 2
                for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1))
            )
        ]
        if not turning:
            break
        for r, c in turning:
            state[r][c] = 2
        minutes += 1
    if any(1 in row for row in state):
        return -1
    return minutes
