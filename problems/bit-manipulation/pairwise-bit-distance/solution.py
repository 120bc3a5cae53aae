def total_hamming(codes: list[int]) -> int:
    n = len(codes)
    total = 0
    for bit in range(30):
        ones = sum((code >> bit) & 1 for code in codes)
        total += ones * (n - ones)  # each (set, unset) pair differs in this bit
    return total
