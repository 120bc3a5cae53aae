def max_xor_pair(codes: list[int]) -> int:
    """Largest codes[i] ^ codes[j] over pairs i < j (0 if fewer than two codes)."""
    pass
