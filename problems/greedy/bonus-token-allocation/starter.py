def min_tokens(scores: list[int]) -> int:
    """Fewest tokens so everyone gets one and a higher score than a neighbour means more tokens."""
    pass
