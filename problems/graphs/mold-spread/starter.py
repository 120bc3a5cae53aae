def minutes_to_spoil(grid: list[list[int]]) -> int:
    """Minutes until no fresh crate remains; 0 if none at start; -1 if impossible."""
    pass
