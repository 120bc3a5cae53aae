import numpy as np


def train_perceptron(X: np.ndarray, y: list[int], epochs: int) -> dict:
    """Classic perceptron: learning rate 1, zero start, samples in order, margin <= 0 is
    a mistake, stop after a clean pass.

    Return {"weights": [w_1, ..., w_d], "bias": b, "updates": number of updates}.
    """
    pass
