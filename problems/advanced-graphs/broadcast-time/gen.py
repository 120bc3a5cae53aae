import random


def _answer(n, links, source):
    # Independent: Dial's algorithm (bucket queue), valid for small integer weights.
    out = [[] for _ in range(n)]
    for u, v, w in links:
        out[u].append((v, w))
    dist = [None] * n
    buckets = {0: [source]}
    t = 0
    remaining_buckets = 1
    while remaining_buckets:
        bucket = buckets.pop(t, None)
        if bucket is not None:
            remaining_buckets -= 1
            i = 0
            while i < len(bucket):  # weight-0 links append to the same bucket
                u = bucket[i]
                i += 1
                if dist[u] is not None:
                    continue
                dist[u] = t
                for v, w in out[u]:
                    if dist[v] is None:
                        if w == 0:
                            bucket.append(v)
                        else:
                            if t + w not in buckets:
                                buckets[t + w] = []
                                remaining_buckets += 1
                            buckets[t + w].append(v)
        t += 1
    if any(d is None for d in dist):
        return -1
    return max(dist)


def generate(rng: random.Random) -> list[dict]:
    n = 20_000
    # A long hidden chain listed back to front, so each relaxation sweep advances one hop.
    order = list(range(n))
    rng.shuffle(order)
    chain = [[order[i], order[i + 1], rng.randint(1, 10)] for i in range(n - 1)]
    prefix = [0]
    for _, _, w in chain:
        prefix.append(prefix[-1] + w)
    extra = []
    for _ in range(40_000):
        if rng.random() < 0.5:  # backwards along the chain: never useful
            i, j = sorted(rng.sample(range(n), 2))
            extra.append([order[j], order[i], rng.randint(0, 1000)])
        else:  # a short hop forwards, never shorter than the chain itself
            i = rng.randrange(n - 1)
            j = min(n - 1, i + rng.randint(1, 50))
            extra.append([order[i], order[j], prefix[j] - prefix[i] + rng.randint(0, 50)])
    rng.shuffle(extra)
    links = chain[::-1] + extra
    source = order[0]
    # A random graph: a random tree out of machine 0 keeps everything reachable.
    tree = [[rng.randrange(v), v, rng.randint(0, 1000)] for v in range(1, n)]
    rand_links = tree + [
        [rng.randrange(n), rng.randrange(n), rng.randint(0, 1000)] for _ in range(40_000)
    ]
    rng.shuffle(rand_links)
    return [
        {"args": [n, links, source], "expected": _answer(n, links, source)},
        {"args": [n, rand_links, 0], "expected": _answer(n, rand_links, 0)},
    ]
