def payout_combos(values: list[int], amount: int) -> list[list[int]]:
    """Every distinct collection of tokens (reuse allowed) whose values sum to amount."""
    pass
