def is_balanced(s: str) -> bool:
    """Return True if the (), [] and {} brackets in `s` are properly matched."""
    pass
