import random


def _postings(n, cracked):
    # Independent enumeration with bit masks, scanning columns right to left.
    blocked = [0] * n
    for r, c in cracked:
        blocked[r] |= 1 << c
    full = (1 << n) - 1
    out = []

    def go(r, cols, left, right, acc):
        if r == n:
            out.append(acc)
            return
        free = full & ~(cols | left | right | blocked[r])
        while free:
            bit = free & -free
            free ^= bit
            go(
                r + 1,
                cols | bit,
                ((left | bit) << 1) & full,
                (right | bit) >> 1,
                acc + [bit.bit_length() - 1],
            )

    go(0, 0, 0, 0, [])
    return out


def generate(rng: random.Random) -> list[dict]:
    n = 10
    cells = [[r, c] for r in range(n) for c in range(n)]
    cracked = rng.sample(cells, 6)
    return [
        {"args": [n, []], "expected": _postings(n, [])},
        {"args": [n, cracked], "expected": _postings(n, cracked)},
    ]
