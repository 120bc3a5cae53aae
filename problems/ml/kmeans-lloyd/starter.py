import numpy as np


def kmeans(points: np.ndarray, centroids: np.ndarray, max_iters: int) -> dict:
    """Lloyd's k-means from the given initial centroids.

    Nearest centroid by squared Euclidean distance, ties to the smallest index; an empty
    cluster keeps its centroid. Return {"centroids": k×d list, "labels": list of n ints}.
    """
    pass
