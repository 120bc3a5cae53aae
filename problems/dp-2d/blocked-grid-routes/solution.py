MOD = 1_000_000_007


def count_routes(floor: list[str]) -> int:
    cols = len(floor[0])
    ways = [0] * cols
    ways[0] = 1 if floor[0][0] == "." else 0
    for row in floor:
        for c, cell in enumerate(row):
            if cell == "#":
                ways[c] = 0
            elif c > 0:
                ways[c] = (ways[c] + ways[c - 1]) % MOD
    return ways[-1]
