import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-|z|) never overflows; pick the algebraically equal form for each sign.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def train_logistic_regression(
    X: np.ndarray, y: np.ndarray, lr: float, iterations: int, l2: float
) -> dict:
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(iterations):
        err = _sigmoid(X @ w + b) - y
        grad_w = X.T @ err / n + l2 * w
        grad_b = err.sum() / n
        w -= lr * grad_w
        b -= lr * grad_b
    z = X @ w + b
    # log-loss per sample = softplus(z) - y*z, with softplus computed stably.
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * float(w @ w)
    return {"bias": float(b), "weights": w.tolist(), "loss": float(loss)}
