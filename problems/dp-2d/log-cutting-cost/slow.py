def min_cutting_cost(length: int, marks: list[int]) -> int:
    # Try every choice of first cut on every piece, recomputing sub-pieces each time (no memo).
    pos = [0] + sorted(marks) + [length]

    def finish(i: int, j: int) -> int:
        if j - i < 2:
            return 0
        return pos[j] - pos[i] + min(finish(i, k) + finish(k, j) for k in range(i + 1, j))

    return finish(0, len(pos) - 1)
