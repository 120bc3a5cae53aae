def min_projectors(talks: list[list[int]]) -> int:
    """Fewest projectors so that talks [start, end) that overlap never share one."""
    pass
