def first_unique_token(codes: list[str]) -> int:
    """Return the index of the first code that occurs exactly once in `codes`, or -1."""
    pass
