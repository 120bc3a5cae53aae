MOD = 1_000_000_007


def walkway_layouts(length: int, sizes: list[int]) -> int:
    # Enumerate every layout one plank at a time (explicit stack, no memo).
    count = 0
    stack = [0]
    while stack:
        used = stack.pop()
        if used == length:
            count += 1
            continue
        for s in sizes:
            if used + s <= length:
                stack.append(used + s)
    return count % MOD
