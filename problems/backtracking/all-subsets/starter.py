def all_feature_sets(features: list[int]) -> list[list[int]]:
    """Every subset of features exactly once (any order)."""
    pass
