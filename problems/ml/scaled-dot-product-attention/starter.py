import numpy as np


def attention(
    Q: np.ndarray, K: np.ndarray, V: np.ndarray, mask: list[list[bool]] | None
) -> list[list[float]]:
    """softmax(Q K^T / sqrt(d)) V with an optional boolean mask (True = may attend).

    Q is (n_q, d), K is (n_k, d), V is (n_k, d_v); returns an n_q x d_v nested list.
    A query row whose mask is all False outputs a row of zeros.
    """
    pass
