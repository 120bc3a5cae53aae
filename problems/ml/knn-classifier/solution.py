from collections import Counter

import numpy as np


def knn_predict(
    train_X: np.ndarray, train_y: list[int], queries: np.ndarray, k: int
) -> list[int]:
    out = []
    for query in queries:
        dist = ((train_X - query) ** 2).sum(axis=1)  # squared distances keep the order
        nearest = np.argsort(dist, kind="stable")[:k]  # stable: equal distances by index
        votes = Counter(train_y[i] for i in nearest)
        top = max(votes.values())
        out.append(min(label for label, count in votes.items() if count == top))
    return out
