def largest_rectangle(heights: list[int]) -> int:
    """Return the largest rectangle area that fits under the column heights."""
    pass
