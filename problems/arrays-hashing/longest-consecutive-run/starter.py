def longest_consecutive_run(badges: list[int]) -> int:
    """Return the length of the longest block of consecutive integers all present in `badges`."""
    pass
