def two_proportion_z_test(successes_a: int, n_a: int, successes_b: int, n_b: int) -> list[float]:
    """Pooled two-proportion z-test of p_a == p_b.

    Returns [z, two_sided_p_value], with the p-value from math.erfc.
    """
    pass
