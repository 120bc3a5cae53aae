def sweep_order(grid: list[list[int]]) -> list[int]:
    """Values in counter-clockwise spiral order starting at the top-left, going down first."""
    pass
