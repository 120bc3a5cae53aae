import numpy as np


def best_split(X: np.ndarray, y: list[int]) -> dict:
    n, d = X.shape
    _, codes = np.unique(np.asarray(y), return_inverse=True)
    onehot = np.eye(codes.max() + 1)[codes]  # n × C
    totals = onehot.sum(axis=0)
    parent = 1.0 - ((totals / n) ** 2).sum()

    candidates = []  # (feature, thresholds, gains), features in order, thresholds ascending
    for f in range(d):
        order = np.argsort(X[:, f], kind="stable")
        vals = X[order, f]
        cut = np.nonzero(vals[:-1] < vals[1:])[0]  # last left row of each valid split
        if len(cut) == 0:
            continue
        left = np.cumsum(onehot[order], axis=0)[cut]  # class counts on the left
        right = totals - left
        n_left = (cut + 1.0)[:, None]
        n_right = n - n_left
        gini_left = 1.0 - ((left / n_left) ** 2).sum(axis=1)
        gini_right = 1.0 - ((right / n_right) ** 2).sum(axis=1)
        gains = parent - (n_left[:, 0] * gini_left + n_right[:, 0] * gini_right) / n
        thresholds = (vals[cut] + vals[cut + 1]) / 2
        candidates.append((f, thresholds, gains))

    if not candidates:
        return {"feature": -1, "threshold": 0.0, "gain": 0.0}
    best = max(g.max() for _, _, g in candidates)
    for f, thresholds, gains in candidates:
        hits = np.nonzero(gains >= best - 1e-9)[0]
        if len(hits):
            k = hits[0]
            return {"feature": f, "threshold": float(thresholds[k]), "gain": float(gains[k])}
