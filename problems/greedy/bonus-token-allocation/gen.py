import random


def _tokens(scores):
    # Hand out tokens in increasing score order: each engineer needs one more than the
    # largest amount already given to a strictly lower-scoring neighbour.
    n = len(scores)
    tokens = [0] * n
    for i in sorted(range(n), key=scores.__getitem__):
        need = 1
        for j in (i - 1, i + 1):
            if 0 <= j < n and scores[j] < scores[i]:
                need = max(need, tokens[j] + 1)
        tokens[i] = need
    return sum(tokens)


def generate(rng: random.Random) -> list[dict]:
    falling = sorted((rng.randint(0, 10**9) for _ in range(60_000)), reverse=True)
    mixed = [rng.randint(0, 10**9) for _ in range(100_000)]
    return [
        {"args": [falling], "expected": _tokens(falling)},
        {"args": [mixed], "expected": _tokens(mixed)},
    ]
