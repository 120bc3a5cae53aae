def pipeline_order(n: int, deps: list[list[int]]) -> list[int]:
    """Any order of stages 0..n-1 respecting every [before, after] pair, or [] if none."""
    pass
