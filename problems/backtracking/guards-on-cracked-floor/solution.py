def place_guards(n: int, cracked: list[list[int]]) -> list[list[int]]:
    blocked = {(r, c) for r, c in cracked}
    used_cols: set[int] = set()
    used_diag: set[int] = set()  # row - col
    used_anti: set[int] = set()  # row + col
    cols: list[int] = []
    out: list[list[int]] = []

    def place(r: int) -> None:
        if r == n:
            out.append(cols.copy())
            return
        for c in range(n):
            if c in used_cols or r - c in used_diag or r + c in used_anti or (r, c) in blocked:
                continue
            used_cols.add(c)
            used_diag.add(r - c)
            used_anti.add(r + c)
            cols.append(c)
            place(r + 1)
            cols.pop()
            used_cols.remove(c)
            used_diag.remove(r - c)
            used_anti.remove(r + c)

    place(0)
    return out
