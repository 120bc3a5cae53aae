def best_single_trade(prices: list[int]) -> int:
    """Return the best profit from one buy followed by one later sell, or 0."""
    pass
