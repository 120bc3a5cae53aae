from itertools import permutations


def place_guards(n, cracked):
    blocked = {(r, c) for r, c in cracked}
    out = []
    for cols in permutations(range(n)):
        if any((r, c) in blocked for r, c in enumerate(cols)):
            continue
        if len({r - c for r, c in enumerate(cols)}) < n:
            continue
        if len({r + c for r, c in enumerate(cols)}) < n:
            continue
        out.append(list(cols))
    return out
