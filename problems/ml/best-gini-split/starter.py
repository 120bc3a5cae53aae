import numpy as np


def best_split(X: np.ndarray, y: list[int]) -> dict:
    """Best axis-aligned split X[:, f] <= t by Gini gain.

    Thresholds are midpoints of consecutive distinct values. Gains within 1e-9 of the
    best are ties: smallest feature, then smallest threshold. No candidate at all:
    {"feature": -1, "threshold": 0.0, "gain": 0.0}.
    Return {"feature": f, "threshold": t, "gain": g}.
    """
    pass
