import numpy as np


def batch_norm_forward(
    x: np.ndarray,
    gamma: list[float],
    beta: list[float],
    running_mean: list[float],
    running_var: list[float],
    momentum: float,
    eps: float,
) -> dict:
    n = x.shape[0]
    mean = x.mean(axis=0)
    centred = x - mean  # subtract first: stable even with a large common offset
    var = (centred**2).mean(axis=0)  # biased: used to normalise
    out = np.asarray(gamma) * centred / np.sqrt(var + eps) + np.asarray(beta)
    unbiased = var * n / (n - 1)  # the running estimate uses the unbiased variance
    new_mean = (1 - momentum) * np.asarray(running_mean) + momentum * mean
    new_var = (1 - momentum) * np.asarray(running_var) + momentum * unbiased
    return {"out": out.tolist(), "running_mean": new_mean.tolist(), "running_var": new_var.tolist()}
