import numpy as np


def pca(X: np.ndarray, k: int) -> dict:
    """Principal component analysis of the rows of X (shape (n, d)), keeping k components.

    Returns {"ratios": [k floats], "projections": n x k nested lists}, with each component
    signed so that its largest-magnitude entry is positive.
    """
    pass
