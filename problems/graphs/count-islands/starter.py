def count_islands(grid: list[str]) -> int:
    """Number of 4-connected groups of '#' pixels."""
    pass
