def total_hamming(codes: list[int]) -> int:
    # Compare every pair directly.
    total = 0
    n = len(codes)
    for i in range(n):
        for j in range(i + 1, n):
            total += bin(codes[i] ^ codes[j]).count("1")
    return total
