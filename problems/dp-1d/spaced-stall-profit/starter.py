def best_stall_profit(profit: list[int], gap: int) -> int:
    """Largest total profit of open spots whose pairwise index distance exceeds `gap`."""
    pass
