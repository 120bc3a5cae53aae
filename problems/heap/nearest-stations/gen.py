import random


def _answer(stations, home, k):
    hx, hy = home
    order = sorted(stations, key=lambda p: (p[0] - hx) ** 2 + (p[1] - hy) ** 2)
    return order[:k]


def _unique_cut(stations, home, k):
    hx, hy = home
    d = sorted((x - hx) ** 2 + (y - hy) ** 2 for x, y in stations)
    return k == len(d) or d[k - 1] < d[k]


def generate(rng: random.Random) -> list[dict]:
    cases = []
    for n, k, spread in ((50_000, 1_000, 10**4), (50_000, 5, 300)):
        while True:
            stations = [
                [rng.randint(-spread, spread), rng.randint(-spread, spread)] for _ in range(n)
            ]
            home = [rng.randint(-spread, spread), rng.randint(-spread, spread)]
            if _unique_cut(stations, home, k):
                break
        cases.append({"args": [stations, home, k], "expected": _answer(stations, home, k)})
    return cases
