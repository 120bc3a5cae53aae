import numpy as np


def pca(X: np.ndarray, k: int) -> dict:
    Xc = X - X.mean(axis=0)
    cov = Xc.T @ Xc / max(len(X) - 1, 1)
    values, vectors = np.linalg.eigh(cov)  # ascending eigenvalues, unit eigenvectors
    order = np.argsort(values)[::-1][:k]
    components = vectors[:, order]  # d x k, one component per column
    # Sign convention: the largest-magnitude entry of each component is positive.
    pivots = np.abs(components).argmax(axis=0)
    signs = np.sign(components[pivots, np.arange(k)])
    components = components * signs
    total = values.clip(min=0).sum()
    return {
        "ratios": (values[order] / total).tolist(),
        "projections": (Xc @ components).tolist(),
    }
