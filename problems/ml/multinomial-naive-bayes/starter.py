import numpy as np


def naive_bayes_predict(
    X_train: np.ndarray, y_train: list[int], X_test: np.ndarray, alpha: float
) -> dict:
    """Multinomial naive Bayes with additive smoothing `alpha`.

    Return {"log_proba": q × C log posteriors (classes ascending),
            "predictions": list of q labels (ties -> smallest label)}.
    """
    pass
