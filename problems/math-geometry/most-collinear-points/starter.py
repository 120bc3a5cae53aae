def max_on_one_line(points: list[list[int]]) -> int:
    """Largest number of the given distinct points lying on one straight line."""
    pass
