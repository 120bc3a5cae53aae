def covered_area(a: list[int], b: list[int]) -> int:
    """Area covered by the union of two axis-parallel rectangles [x1, y1, x2, y2]."""
    pass
