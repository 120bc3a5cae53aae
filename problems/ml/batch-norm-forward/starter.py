import numpy as np


def batch_norm_forward(
    x: np.ndarray,
    gamma: list[float],
    beta: list[float],
    running_mean: list[float],
    running_var: list[float],
    momentum: float,
    eps: float,
) -> dict:
    """Training-mode batch normalisation of x (shape (N, D)) over the batch axis.

    Returns {"out": N x D, "running_mean": [D floats], "running_var": [D floats]}.
    """
    pass
