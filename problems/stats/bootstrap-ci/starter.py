def bootstrap_ci(
    data: list[float], statistic: str, n_resamples: int, alpha: float, seed: int
) -> list[float]:
    """Percentile bootstrap interval for the "mean" or "median" of data.

    Resamples are drawn with the LCG from the statement, starting from `seed`.
    Returns [estimate, lower, upper].
    """
    pass
