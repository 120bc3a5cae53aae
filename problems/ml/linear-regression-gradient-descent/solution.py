import numpy as np


def linreg_gradient_descent(
    X: np.ndarray, y: np.ndarray, lr: float, iterations: int
) -> list[float]:
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(iterations):
        r = X @ w + b - y  # residuals at the current parameters
        grad_w = (2.0 / n) * (X.T @ r)
        grad_b = (2.0 / n) * r.sum()
        w -= lr * grad_w
        b -= lr * grad_b
    return [b, *w.tolist()]
