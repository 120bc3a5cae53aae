import random


def _answer(badges):
    # Independent reference: sort the distinct values and measure runs of +1 steps.
    values = sorted(set(badges))
    best = run = 0
    for i, v in enumerate(values):
        run = run + 1 if i > 0 and v == values[i - 1] + 1 else 1
        best = max(best, run)
    return best


def generate(rng: random.Random) -> list[dict]:
    # Spread-out values (short runs) plus one hidden block of 3000.
    badges = [rng.randrange(-(10**9), 10**9) for _ in range(60_000)]
    start = rng.randrange(-(10**9), 10**9 - 5_000)
    badges += list(range(start, start + 3_000))
    rng.shuffle(badges)
    # Dense values with many duplicates and many medium runs.
    dense = [rng.randrange(-50_000, 50_000) for _ in range(80_000)]
    # One long block whose first value is scanned over and over: walking from every
    # list entry (instead of every distinct value) repeats the long walk each time.
    repeated = list(range(-25_000, 25_000)) + [-25_000] * 50_000
    rng.shuffle(repeated)
    return [
        {"args": [badges], "expected": _answer(badges)},
        {"args": [dense], "expected": _answer(dense)},
        {"args": [repeated], "expected": _answer(repeated)},
    ]
