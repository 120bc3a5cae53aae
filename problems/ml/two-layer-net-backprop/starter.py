import numpy as np


def two_layer_net(
    X: np.ndarray,
    y: list[int],
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
    reg: float,
) -> dict:
    """Affine -> ReLU -> affine -> softmax cross-entropy (mean) + (reg/2)(|W1|² + |W2|²).

    ReLU'(0) = 0. Return {"loss": float, "dW1": d×h, "db1": h, "dW2": h×C, "db2": C}.
    """
    pass
