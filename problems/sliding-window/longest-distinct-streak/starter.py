def longest_distinct_streak(plays: list[int]) -> int:
    """Return the length of the longest run of consecutive plays with no repeated id."""
    pass
