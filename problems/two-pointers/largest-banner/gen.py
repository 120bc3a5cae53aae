import random


def _answer(poles):
    # Independent reference: for each height h (largest first), the best banner whose
    # shorter pole has height >= h uses the leftmost and rightmost poles of height >= h.
    n = len(poles)
    order = sorted(range(n), key=lambda k: -poles[k])
    best = 0
    lo, hi = n, -1
    for k in order:
        lo, hi = min(lo, k), max(hi, k)
        best = max(best, (hi - lo) * poles[k])
    return best


def generate(rng: random.Random) -> list[dict]:
    n = 60_000
    poles = [rng.randint(0, 10_000) for _ in range(n)]
    # A valley: tall poles near the ends only.
    valley = [rng.randint(0, 50) for _ in range(n)]
    valley[3] = 9_000
    valley[n - 5] = 9_500
    return [
        {"args": [poles], "expected": _answer(poles)},
        {"args": [valley], "expected": _answer(valley)},
    ]
