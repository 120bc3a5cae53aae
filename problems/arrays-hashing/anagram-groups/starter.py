def group_anagrams(labels: list[str]) -> list[list[str]]:
    """Group the labels that are rearrangements of each other (any group order)."""
    pass
