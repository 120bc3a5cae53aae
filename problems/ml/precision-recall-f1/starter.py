def classification_report(y_true: list[int], y_pred: list[int], num_classes: int) -> dict:
    """Confusion matrix and per-class precision, recall and F1 for labels 0..num_classes-1.

    Returns {"confusion": [[...]], "precision": [...], "recall": [...], "f1": [...],
             "macro_f1": float, "accuracy": float}; any 0/0 counts as 0.0.
    """
    pass
