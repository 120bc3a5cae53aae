def tightest_windows(windows: list[list[int]], queries: list[int]) -> list[int]:
    """For each query, the size of the smallest [left, right] window containing it, else -1."""
    pass
