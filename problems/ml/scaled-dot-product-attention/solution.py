import numpy as np


def attention(
    Q: np.ndarray, K: np.ndarray, V: np.ndarray, mask: list[list[bool]] | None
) -> list[list[float]]:
    scores = Q @ K.T / np.sqrt(Q.shape[1])
    allowed = np.ones(scores.shape, dtype=bool) if mask is None else np.array(mask, dtype=bool)
    scores = np.where(allowed, scores, -np.inf)
    row_max = scores.max(axis=1, keepdims=True)
    row_max[~np.isfinite(row_max)] = 0.0  # fully masked rows: avoid inf - inf
    weights = np.exp(scores - row_max)  # largest allowed term is exp(0) = 1: no overflow
    totals = weights.sum(axis=1, keepdims=True)
    weights = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    return (weights @ V).tolist()
