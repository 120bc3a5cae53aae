import random


def _answer(plays):
    # Independent reference: shrink-from-the-left window with a set.
    window = set()
    left = best = 0
    for song in plays:
        while song in window:
            window.discard(plays[left])
            left += 1
        window.add(song)
        best = max(best, len(window))
    return best


def generate(rng: random.Random) -> list[dict]:
    # Long runs of distinct ids: growing a run from every start is quadratic.
    ids = rng.sample(range(-(10**9), 10**9), 30_000)
    long_runs = ids[:20_000] + ids[5_000:25_000] + ids[10_000:30_000]
    # A realistic log: a station rotating a library of 5 000 songs.
    rotation = [rng.randrange(5_000) for _ in range(150_000)]
    return [
        {"args": [long_runs], "expected": _answer(long_runs)},
        {"args": [rotation], "expected": _answer(rotation)},
    ]
