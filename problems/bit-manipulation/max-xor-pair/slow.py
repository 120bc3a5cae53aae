def max_pair_xor(keys: list[int]) -> int:
    # Try every pair.
    best = 0
    for i in range(len(keys)):
        a = keys[i]
        for j in range(i + 1, len(keys)):
            if a ^ keys[j] > best:
                best = a ^ keys[j]
    return best
