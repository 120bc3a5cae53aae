import math


def two_proportion_z_test(successes_a: int, n_a: int, successes_b: int, n_b: int) -> list[float]:
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se == 0:  # nobody converted, or everybody did: no evidence of a difference
        return [0.0, 1.0]
    z = (successes_a / n_a - successes_b / n_b) / se
    return [z, math.erfc(abs(z) / math.sqrt(2))]
