import numpy as np


def softmax_cross_entropy(logits: np.ndarray, labels: list[int]) -> dict:
    """Row-wise softmax, mean cross-entropy and its gradient w.r.t. the logits.

    Return {"loss": float, "probs": n×C list, "grad": n×C list}; must not overflow.
    """
    pass
