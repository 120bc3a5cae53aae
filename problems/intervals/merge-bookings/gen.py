import random


def _merge(bookings):
    # Sweep over endpoint events; at equal times starts come first so touching bookings join.
    events = []
    for s, e in bookings:
        events.append((s, 0))
        events.append((e, 1))
    events.sort()
    out, depth = [], 0
    for t, kind in events:
        if kind == 0:
            if depth == 0:
                out.append([t, None])
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                out[-1][1] = t
    return out


def generate(rng: random.Random) -> list[dict]:
    n = 40_000
    bookings = []
    for _ in range(n):
        s = rng.randint(-10**9, 10**9 - 40_000)
        bookings.append([s, s + rng.randint(0, 30_000)])
    return [{"args": [bookings], "expected": _merge(bookings)}]
