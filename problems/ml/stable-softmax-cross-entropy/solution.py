import numpy as np


def softmax_cross_entropy(logits: np.ndarray, labels: list[int]) -> dict:
    n = logits.shape[0]
    rows = np.arange(n)
    shifted = logits - logits.max(axis=1, keepdims=True)  # every exponent <= 0
    log_norm = np.log(np.exp(shifted).sum(axis=1))  # ln Σ e^(z - max)
    log_probs = shifted - log_norm[:, None]
    probs = np.exp(log_probs)
    loss = -log_probs[rows, labels].mean()
    grad = probs.copy()
    grad[rows, labels] -= 1.0
    grad /= n
    return {"loss": float(loss), "probs": probs.tolist(), "grad": grad.tolist()}
