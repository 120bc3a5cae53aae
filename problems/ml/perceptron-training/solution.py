import numpy as np


def train_perceptron(X: np.ndarray, y: list[int], epochs: int) -> dict:
    # The updates are inherently sequential; plain Python floats beat per-row numpy calls.
    rows = X.tolist()
    w = [0.0] * X.shape[1]
    b = 0.0
    updates = 0
    for _ in range(epochs):
        mistakes = 0
        for xi, yi in zip(rows, y):
            if yi * (sum(wj * xj for wj, xj in zip(w, xi)) + b) <= 0:
                w = [wj + yi * xj for wj, xj in zip(w, xi)]
                b += yi
                mistakes += 1
        updates += mistakes
        if mistakes == 0:
            break
    return {"weights": w, "bias": float(b), "updates": updates}
