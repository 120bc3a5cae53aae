import numpy as np


def linreg_gradient_descent(
    X: np.ndarray, y: np.ndarray, lr: float, iterations: int
) -> list[float]:
    """Run full-batch gradient descent on the MSE (1/n)·sum((X @ w + b - y)**2).

    Start from b = 0, w = 0; update b and w simultaneously `iterations` times.
    Return [b, w_1, ..., w_d].
    """
    pass
