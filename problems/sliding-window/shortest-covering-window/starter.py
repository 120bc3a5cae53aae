def shortest_covering_window(text: str, need: str) -> str:
    """Return the shortest substring of `text` containing every letter of `need` (with repeats).

    On ties return the earliest one; return "" when no substring works.
    """
    pass
