import numpy as np


def naive_bayes_predict(
    X_train: np.ndarray, y_train: list[int], X_test: np.ndarray, alpha: float
) -> dict:
    y = np.asarray(y_train)
    classes = np.unique(y)  # ascending
    v = X_train.shape[1]
    counts = np.array([X_train[y == c].sum(axis=0) for c in classes])  # C × v
    log_theta = np.log(counts + alpha) - np.log(counts.sum(axis=1, keepdims=True) + alpha * v)
    log_prior = np.log(np.array([(y == c).sum() for c in classes]) / len(y))
    scores = X_test @ log_theta.T + log_prior  # q × C joint log-scores
    top = scores.max(axis=1, keepdims=True)
    log_norm = top + np.log(np.exp(scores - top).sum(axis=1, keepdims=True))
    predictions = classes[scores.argmax(axis=1)]  # first maximum = smallest label
    return {"log_proba": (scores - log_norm).tolist(), "predictions": predictions.tolist()}
