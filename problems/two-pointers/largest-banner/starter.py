def largest_banner(poles: list[int]) -> int:
    """Return the largest (j - i) * min(poles[i], poles[j]) over pole pairs i < j, or 0."""
    pass
