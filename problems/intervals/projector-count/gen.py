import random


def _peak(talks):
    # Event sweep: +1 at a start, -1 at an end; at equal times ends (-1) sort first.
    events = sorted([(s, 1) for s, _ in talks] + [(e, -1) for _, e in talks])
    running = peak = 0
    for _, delta in events:
        running += delta
        peak = max(peak, running)
    return peak


def generate(rng: random.Random) -> list[dict]:
    talks = []
    for _ in range(60_000):
        s = rng.randint(0, 10**9 - 1)
        talks.append([s, min(10**9, s + rng.randint(1, 5 * 10**6))])
    return [{"args": [talks], "expected": _peak(talks)}]
