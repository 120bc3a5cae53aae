import random


def _answer(values):
    # Independent reference: index arithmetic on the plain list of values.
    n = len(values)
    out = []
    i, j = 0, n - 1
    while i <= j:
        out.append(values[i])
        if i != j:
            out.append(values[j])
        i += 1
        j -= 1
    return out


def generate(rng: random.Random) -> list[dict]:
    values = [rng.randint(-(10**9), 10**9) for _ in range(80_001)]
    return [{"args": [values], "expected": _answer(values)}]
