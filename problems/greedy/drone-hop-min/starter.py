def min_hops(reach: list[int]) -> int:
    """Fewest forward hops from pad 0 to the last pad, or -1 if it is unreachable."""
    pass
