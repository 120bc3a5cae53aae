def max_pair_xor(keys: list[int]) -> int:
    """Largest keys[i] ^ keys[j] over all positions i, j."""
    pass
