def repair_cost(
    scanned: str, truth: str, insert_cost: int, delete_cost: int, replace_cost: int
) -> int:
    """Minimum total price of insertions, deletions and replacements turning scanned into truth."""
    pass
