def roc_auc(labels: list[int], scores: list[float]) -> float:
    """Area under the ROC curve of `scores` for binary `labels` (1 = positive, 0 = negative).

    Equal scores count one half, as in the Mann-Whitney probability.
    """
    pass
