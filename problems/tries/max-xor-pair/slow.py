def max_xor_pair(codes):
    best = 0
    for i in range(len(codes)):
        for j in range(i + 1, len(codes)):
            best = max(best, codes[i] ^ codes[j])
    return best
