import random
from bisect import bisect_left, bisect_right


def _auc(labels, scores):
    # Independent reference: for each positive, binary-search the sorted negative scores.
    neg = sorted(s for s, y in zip(scores, labels, strict=True) if y == 0)
    pos = [s for s, y in zip(scores, labels, strict=True) if y == 1]
    twice = 0
    for p in pos:
        lo = bisect_left(neg, p)
        hi = bisect_right(neg, p)
        twice += 2 * lo + (hi - lo)
    return twice / (2 * len(pos) * len(neg))


def generate(rng: random.Random) -> list[dict]:
    cases = []
    n = 60_000
    # Many ties: scores on a coarse grid, positives shifted up a little.
    labels = [rng.randrange(2) for _ in range(n)]
    scores = [round(rng.gauss(0.6 if y else 0.4, 0.2), 2) for y in labels]
    cases.append({"args": [labels, scores], "expected": _auc(labels, scores)})
    # Distinct real scores, imbalanced classes.
    labels = [1 if rng.random() < 0.3 else 0 for _ in range(n)]
    scores = [rng.random() + (0.15 if y else 0.0) for y in labels]
    cases.append({"args": [labels, scores], "expected": _auc(labels, scores)})
    return cases
