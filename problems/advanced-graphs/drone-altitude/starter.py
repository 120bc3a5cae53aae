def min_cruise_altitude(heights: list[list[int]]) -> int:
    """Smallest altitude that allows a 4-directional route from top-left to bottom-right."""
    pass
