def find_peak(alt: list[int]) -> int:
    """Return the index of any reading strictly higher than its neighbours."""
    pass
