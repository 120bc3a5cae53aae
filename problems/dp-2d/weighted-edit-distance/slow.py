def repair_cost(
    scanned: str, truth: str, insert_cost: int, delete_cost: int, replace_cost: int
) -> int:
    # Try every edit sequence from the front, with no memo: exponential.
    def go(i: int, j: int) -> int:
        if i == len(scanned):
            return (len(truth) - j) * insert_cost
        if j == len(truth):
            return (len(scanned) - i) * delete_cost
        step = 0 if scanned[i] == truth[j] else replace_cost
        return min(
            go(i + 1, j + 1) + step,
            go(i + 1, j) + delete_cost,
            go(i, j + 1) + insert_cost,
        )

    return go(0, 0)
