import random


def _answer(prices):
    # Independent reference: best sale price after each day, scanning from the right.
    best = 0
    highest_after = None
    for price in reversed(prices):
        if highest_after is not None:
            best = max(best, highest_after - price)
        highest_after = price if highest_after is None else max(highest_after, price)
    return best


def generate(rng: random.Random) -> list[dict]:
    n = 100_000
    walk, price = [], 500_000_000
    for _ in range(n):
        price = min(10**9, max(0, price + rng.randint(-1_000_000, 1_000_000)))
        walk.append(price)
    falling = sorted((rng.randint(0, 10**9) for _ in range(n)), reverse=True)
    return [
        {"args": [walk], "expected": _answer(walk)},
        {"args": [falling], "expected": _answer(falling)},
    ]
