def first_unique_token(codes: list[str]) -> int:
    # Brute force: for each code, look for a second occurrence anywhere else.
    n = len(codes)
    for i in range(n):
        repeated = False
        for j in range(n):
            if j != i and codes[j] == codes[i]:
                repeated = True
                break
        if not repeated:
            return i
    return -1
