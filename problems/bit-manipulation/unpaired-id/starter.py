def unpaired_badge(scans: list[int]) -> int:
    """The one value that occurs once; every other value occurs exactly twice."""
    pass
