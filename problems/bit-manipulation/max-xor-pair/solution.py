def max_pair_xor(keys: list[int]) -> int:
    best = 0
    for bit in range(30, -1, -1):
        prefixes = {key >> bit for key in keys}
        candidate = (best << 1) | 1
        # Some pair of prefixes XORs to candidate iff p ^ candidate is itself a prefix.
        if any(p ^ candidate in prefixes for p in prefixes):
            best = candidate
        else:
            best <<= 1
    return best
