import numpy as np


def fit_linear_regression(X: np.ndarray, y: np.ndarray, l2: float) -> list[float]:
    """Return [b, w_1, ..., w_d] minimising sum((y - b - X @ w)**2) + l2 * sum(w**2).

    X: float64 array of shape (n, d); y: float64 array of shape (n,); l2 >= 0.
    The intercept b is not penalised.
    """
    pass
