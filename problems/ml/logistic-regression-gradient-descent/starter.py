import numpy as np


def train_logistic_regression(
    X: np.ndarray, y: np.ndarray, lr: float, iterations: int, l2: float
) -> dict:
    """Full-batch gradient descent on mean log-loss + (l2/2)·||w||², from b = 0, w = 0.

    Return {"bias": b, "weights": [w_1, ..., w_d], "loss": objective at the final b, w}.
    """
    pass
