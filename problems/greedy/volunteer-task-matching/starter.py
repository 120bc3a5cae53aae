def max_tasks_covered(tasks: list[int], volunteers: list[int]) -> int:
    """Most tasks coverable when a volunteer with skill s can take one task needing at most s."""
    pass
