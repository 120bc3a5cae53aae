def count_sub_recipes(steps: str) -> int:
    """Number of distinct non-empty subsequences of `steps`, modulo 1_000_000_007."""
    pass
