import numpy as np


def kmeans(points: np.ndarray, centroids: np.ndarray, max_iters: int) -> dict:
    centroids = centroids.copy()
    k = len(centroids)
    labels = None
    for _ in range(max_iters):
        dist = ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        new_labels = dist.argmin(axis=1)  # first minimum = smallest index on ties
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for c in range(k):
            members = points[labels == c]
            if len(members):
                centroids[c] = members.mean(axis=0)
    return {"centroids": centroids.tolist(), "labels": labels.tolist()}
