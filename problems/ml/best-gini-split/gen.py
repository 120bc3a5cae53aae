import random
from fractions import Fraction


def _best_split_exact(X, y):
    """Exact-arithmetic reference. Also checks the statement's promise that no candidate
    gain lies within 2e-9 of the best one unless it ties exactly."""
    n, d = len(X), len(X[0])
    totals = {}
    for lab in y:
        totals[lab] = totals.get(lab, 0) + 1
    parent = 1 - Fraction(sum(c * c for c in totals.values()), n * n)
    found = []  # (feature, threshold, exact gain), feature-major, thresholds ascending
    for f in range(d):
        order = sorted(range(n), key=lambda i: X[i][f])
        left = dict.fromkeys(totals, 0)
        right = dict(totals)
        sq_left, sq_right = 0, sum(c * c for c in totals.values())
        for pos in range(n - 1):
            lab = y[order[pos]]
            sq_left += 2 * left[lab] + 1
            sq_right -= 2 * right[lab] - 1
            left[lab] += 1
            right[lab] -= 1
            a, b = X[order[pos]][f], X[order[pos + 1]][f]
            if a == b:
                continue
            n_left = pos + 1
            q = Fraction(sq_left, n_left) + Fraction(sq_right, n - n_left)
            found.append((f, (a + b) / 2, parent - 1 + q / n))
    if not found:
        return None
    top = max(g for _, _, g in found)
    for _, _, g in found:
        assert g == top or top - g > Fraction(2, 10**9), "ambiguous near-tie"
    f, t, g = next(c for c in found if c[2] == top)
    return {"feature": f, "threshold": t, "gain": float(g)}


def _labels_from(rng, X, n_classes, noise):
    # Classes are quantile bands of a hidden linear score, plus label noise.
    d = len(X[0])
    w = [rng.uniform(-1, 1) for _ in range(d)]
    w[rng.randrange(d)] = 3.0  # one clearly informative feature
    score = [sum(a * b for a, b in zip(w, row)) for row in X]
    rank = sorted(range(len(X)), key=lambda i: score[i])
    out = [0] * len(X)
    for r, i in enumerate(rank):
        out[i] = r * n_classes // len(X)
    for i in range(len(X)):
        if rng.random() < noise:
            out[i] = rng.randrange(n_classes)
    return out


def generate(rng: random.Random) -> list[dict]:
    cases = []
    # 1. Continuous features: almost every value distinct, n - 1 thresholds per column.
    while True:
        n, d = 4000, 5
        X = [[round(rng.uniform(-1000, 1000), 3) for _ in range(d)] for _ in range(n)]
        y = _labels_from(rng, X, 3, 0.2)
        try:
            cases.append({"args": [X, y], "expected": _best_split_exact(X, y)})
            break
        except AssertionError:
            continue
    # 2. Integer features with many repeats, labels with 4 arbitrary values.
    while True:
        n, d = 5000, 4
        X = [[rng.randrange(0, 1000) for _ in range(d)] for _ in range(n)]
        raw = _labels_from(rng, [[v / 100 for v in row] for row in X], 4, 0.3)
        y = [(-7, 3, 12, 40)[v] for v in raw]
        try:
            cases.append({"args": [X, y], "expected": _best_split_exact(X, y)})
            break
        except AssertionError:
            continue
    return cases
