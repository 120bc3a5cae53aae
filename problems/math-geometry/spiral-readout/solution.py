def sweep_order(grid: list[list[int]]) -> list[int]:
    if not grid:
        return []
    top, bottom, left, right = 0, len(grid) - 1, 0, len(grid[0]) - 1
    out: list[int] = []
    while True:
        for r in range(top, bottom + 1):  # down the left column
            out.append(grid[r][left])
        left += 1
        if left > right:
            break
        for c in range(left, right + 1):  # along the bottom row
            out.append(grid[bottom][c])
        bottom -= 1
        if top > bottom:
            break
        for r in range(bottom, top - 1, -1):  # up the right column
            out.append(grid[r][right])
        right -= 1
        if left > right:
            break
        for c in range(right, left - 1, -1):  # back along the top row
            out.append(grid[top][c])
        top += 1
        if top > bottom:
            break
    return out
