def min_daily_capacity(pages: list[int], days: int) -> int:
    """Return the smallest daily page budget that prints all jobs, in order, within `days` days."""
    pass
