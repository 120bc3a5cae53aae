def repair_cost(
    scanned: str, truth: str, insert_cost: int, delete_cost: int, replace_cost: int
) -> int:
    # prev[j]: cost of turning the current prefix of scanned into truth[:j].
    prev = [j * insert_cost for j in range(len(truth) + 1)]
    for i, a in enumerate(scanned, 1):
        cur = [i * delete_cost] + [0] * len(truth)
        for j, b in enumerate(truth, 1):
            keep = prev[j - 1] + (0 if a == b else replace_cost)
            cur[j] = min(keep, prev[j] + delete_cost, cur[j - 1] + insert_cost)
        prev = cur
    return prev[-1]
