def place_guards(n: int, cracked: list[list[int]]) -> list[list[int]]:
    """All postings cols (cols[r] = guard column in row r) with no two guards in sight."""
    pass
