import random
from collections import deque


def _hops(reach):
    # Breadth-first search; `nxt` skips pads already visited so each pad is enqueued once.
    n = len(reach)
    dist = [-1] * n
    dist[0] = 0
    nxt = 1  # every pad below nxt has been visited
    queue = deque([0])
    while queue:
        i = queue.popleft()
        top = min(n - 1, i + reach[i])
        while nxt <= top:
            dist[nxt] = dist[i] + 1
            queue.append(nxt)
            nxt += 1
    return dist[-1]


def generate(rng: random.Random) -> list[dict]:
    n = 60_000
    long_range = [rng.randint(n // 3, n) for _ in range(n)]
    long_range[0] = 5
    short = [rng.choice([1, 2, 3, 4, 5, 6]) for _ in range(100_000)]
    return [
        {"args": [long_range], "expected": _hops(long_range)},
        {"args": [short], "expected": _hops(short)},
    ]
