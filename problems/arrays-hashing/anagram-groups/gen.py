import random


def _answer(labels):
    # Independent reference: key each label by its 26 letter counts.
    groups = {}
    for label in labels:
        key = [0] * 26
        for ch in label:
            key[ord(ch) - 97] += 1
        groups.setdefault(tuple(key), []).append(label)
    return list(groups.values())


def _word(rng, k):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(k))


def generate(rng: random.Random) -> list[dict]:
    # Mostly distinct fingerprints: a compare-with-every-group scan is quadratic.
    labels = [_word(rng, rng.randint(6, 12)) for _ in range(12_000)]
    # A few hundred base words, each scrambled several times.
    bases = [_word(rng, rng.randint(1, 30)) for _ in range(600)]
    mixed = []
    for _ in range(8_000):
        letters = list(rng.choice(bases))
        rng.shuffle(letters)
        mixed.append("".join(letters))
    return [
        {"args": [labels], "expected": _answer(labels)},
        {"args": [mixed], "expected": _answer(mixed)},
    ]
