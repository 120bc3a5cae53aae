def classification_report(y_true: list[int], y_pred: list[int], num_classes: int) -> dict:
    k = num_classes
    confusion = [[0] * k for _ in range(k)]
    for t, p in zip(y_true, y_pred, strict=True):
        confusion[t][p] += 1
    predicted = [sum(confusion[r][c] for r in range(k)) for c in range(k)]  # column sums
    actual = [sum(row) for row in confusion]  # row sums

    def ratio(num: float, den: float) -> float:
        return num / den if den else 0.0

    precision = [ratio(confusion[c][c], predicted[c]) for c in range(k)]
    recall = [ratio(confusion[c][c], actual[c]) for c in range(k)]
    f1 = [ratio(2 * p * r, p + r) for p, r in zip(precision, recall, strict=True)]
    return {
        "confusion": confusion,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "macro_f1": sum(f1) / k,
        "accuracy": sum(confusion[c][c] for c in range(k)) / len(y_true),
    }
