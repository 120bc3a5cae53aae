def broadcast_time(n: int, links: list[list[int]], source: int) -> int:
    """Time when the last machine receives the update from source, or -1 if some never do."""
    pass
