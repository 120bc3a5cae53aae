import numpy as np


def conv2d(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray,
    stride: list[int],
    padding: list[int],
) -> list:
    """Cross-correlation (no kernel flip), zero padding, as in deep-learning libraries.

    x: (N, C_in, H, W); weight: (C_out, C_in, kH, kW); bias: (C_out,);
    stride = [sH, sW]; padding = [pH, pW]. Return shape (N, C_out, H_out, W_out).
    """
    pass
