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
    n = X.shape[0]
    rows = np.arange(n)

    # Forward pass.
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0.0)
    Z2 = A1 @ W2 + b2
    shifted = Z2 - Z2.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    P = np.exp(log_probs)
    loss = -log_probs[rows, y].mean() + 0.5 * reg * ((W1**2).sum() + (W2**2).sum())

    # Backward pass.
    dZ2 = P.copy()
    dZ2[rows, y] -= 1.0
    dZ2 /= n
    dW2 = A1.T @ dZ2 + reg * W2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (Z1 > 0)  # ReLU'(0) = 0
    dW1 = X.T @ dZ1 + reg * W1
    db1 = dZ1.sum(axis=0)
    return {
        "loss": float(loss),
        "dW1": dW1.tolist(),
        "db1": db1.tolist(),
        "dW2": dW2.tolist(),
        "db2": db2.tolist(),
    }
