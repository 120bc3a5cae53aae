class MedianTracker:
    """Median of a growing collection of integers."""

    def __init__(self) -> None:
        pass

    def add(self, value: int) -> None:
        """Record a value."""
        pass

    def median(self) -> float:
        """Median of all values recorded so far (at least one)."""
        pass
