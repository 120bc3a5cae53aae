import random

MOD = 1_000_000_007


def _layouts(length, sizes):
    # Forward ("push") formulation: extend every reachable prefix by each plank.
    ways = [0] * (length + 1)
    ways[0] = 1
    for x in range(length + 1):
        w = ways[x] % MOD
        ways[x] = w
        if w:
            for s in sizes:
                if x + s <= length:
                    ways[x + s] += w
    return ways[length]


def generate(rng: random.Random) -> list[dict]:
    cases = []
    # Many tiny planks: billions of layouts, so enumerating them one by one is hopeless.
    cases.append({"args": [90, [1, 2, 3]], "expected": _layouts(90, [1, 2, 3])})
    big = rng.sample(range(1, 200), 20)
    cases.append({"args": [5000, big], "expected": _layouts(5000, big)})
    return cases
