def payout_combos(values: list[int], amount: int) -> list[list[int]]:
    values = sorted(values)
    out: list[list[int]] = []
    path: list[int] = []

    def pick(start: int, remaining: int) -> None:
        if remaining == 0:
            out.append(path.copy())
            return
        for i in range(start, len(values)):
            if values[i] > remaining:
                break  # sorted: every later value is too big as well
            path.append(values[i])
            pick(i, remaining - values[i])  # i again: a value may be reused
            path.pop()

    pick(0, amount)
    return out
