def total_hamming(codes: list[int]) -> int:
    """Sum over all unordered pairs of the number of differing bits."""
    pass
