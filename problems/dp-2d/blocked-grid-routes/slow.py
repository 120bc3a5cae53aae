MOD = 1_000_000_007


def count_routes(floor: list[str]) -> int:
    # Walk every route explicitly (depth-first, explicit stack, no memo).
    rows, cols = len(floor), len(floor[0])
    if floor[0][0] == "#":
        return 0
    count = 0
    stack = [(0, 0)]
    while stack:
        r, c = stack.pop()
        if r == rows - 1 and c == cols - 1:
            count += 1
            continue
        if r + 1 < rows and floor[r + 1][c] == ".":
            stack.append((r + 1, c))
        if c + 1 < cols and floor[r][c + 1] == ".":
            stack.append((r, c + 1))
    return count % MOD
