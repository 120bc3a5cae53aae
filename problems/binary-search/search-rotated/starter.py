def find_in_rotated(stamps: list[int], target: int) -> int:
    """Return the index of `target` in the rotated increasing list `stamps`, or -1."""
    pass
