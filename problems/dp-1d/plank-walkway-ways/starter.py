def walkway_layouts(length: int, sizes: list[int]) -> int:
    """Number of ordered plank sequences summing to `length`, modulo 1_000_000_007."""
    pass
