def merge_bookings(bookings: list[list[int]]) -> list[list[int]]:
    """Disjoint [start, end] blocks covering the same times, sorted by start."""
    pass
