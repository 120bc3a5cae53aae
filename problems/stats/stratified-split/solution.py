def stratified_split(labels: list[int], n_test: int, seed: int) -> list[list[int]]:
    n = len(labels)
    members: dict[int, list[int]] = {}
    for i, y in enumerate(labels):
        members.setdefault(y, []).append(i)
    classes = sorted(members)

    # Largest-remainder apportionment, exact in integers: the ideal share of class c is
    # n_test * n_c / n = base + rem / n.
    quota, rem = {}, {}
    for c in classes:
        quota[c], rem[c] = divmod(n_test * len(members[c]), n)
    leftover = n_test - sum(quota.values())
    for c in sorted(classes, key=lambda c: (-rem[c], c))[:leftover]:
        quota[c] += 1

    state = seed
    train, test = [], []
    for c in classes:
        idx = members[c]  # already ascending
        for i in range(len(idx) - 1, 0, -1):  # Fisher-Yates from the back
            state = (1664525 * state + 1013904223) % 4294967296
            j = (state * (i + 1)) >> 32
            idx[i], idx[j] = idx[j], idx[i]
        test.extend(idx[: quota[c]])
        train.extend(idx[quota[c] :])
    return [sorted(train), sorted(test)]
