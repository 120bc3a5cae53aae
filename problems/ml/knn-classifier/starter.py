import numpy as np


def knn_predict(
    train_X: np.ndarray, train_y: list[int], queries: np.ndarray, k: int
) -> list[int]:
    """Majority vote of the k nearest training points (Euclidean distance).

    Distance ties: smaller training index is nearer. Vote ties: smallest label wins.
    """
    pass
