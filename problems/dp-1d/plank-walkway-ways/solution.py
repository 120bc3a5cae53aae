MOD = 1_000_000_007


def walkway_layouts(length: int, sizes: list[int]) -> int:
    ways = [0] * (length + 1)
    ways[0] = 1
    for x in range(1, length + 1):
        total = 0
        for s in sizes:
            if s <= x:
                total += ways[x - s]
        ways[x] = total % MOD
    return ways[length]
