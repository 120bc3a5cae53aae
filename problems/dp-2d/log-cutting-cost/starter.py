def min_cutting_cost(length: int, marks: list[int]) -> int:
    """Cheapest order of cutting at every mark, where a cut costs its current piece's length."""
    pass
