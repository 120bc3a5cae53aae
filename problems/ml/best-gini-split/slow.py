def best_split(X, y):
    # Brute force: for every candidate threshold, recount both sides from scratch.
    rows = X.tolist()
    n = len(rows)
    d = len(rows[0])

    def gini(labels):
        counts = {}
        for lab in labels:
            counts[lab] = counts.get(lab, 0) + 1
        return 1.0 - sum((c / len(labels)) ** 2 for c in counts.values())

    parent = gini(y)
    found = []
    for f in range(d):
        values = sorted(set(r[f] for r in rows))
        for a, b in zip(values, values[1:]):
            t = (a + b) / 2
            left = [y[i] for i in range(n) if rows[i][f] <= t]
            right = [y[i] for i in range(n) if rows[i][f] > t]
            gain = parent - len(left) / n * gini(left) - len(right) / n * gini(right)
            found.append((f, t, gain))
    if not found:
        return {"feature": -1, "threshold": 0.0, "gain": 0.0}
    top = max(g for _, _, g in found)
    f, t, g = next(c for c in found if c[2] >= top - 1e-9)
    return {"feature": f, "threshold": t, "gain": g}
