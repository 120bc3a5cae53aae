import numpy as np


def max_pool_2d(image: np.ndarray, kernel: list[int], stride: list[int]) -> list[list[float]]:
    """Max-pool a 2-D float array with a (kh, kw) window moved by (sh, sw), no padding.

    Returns the pooled map as nested lists of shape
    ((H - kh) // sh + 1, (W - kw) // sw + 1).
    """
    pass
