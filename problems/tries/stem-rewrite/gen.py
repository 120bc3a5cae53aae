import random
import string


def _rewrite(stems, text):
    # Independent check: a set of stems, then try each prefix of a word from shortest up.
    stem_set = set(stems)
    out = []
    for word in text.split(" ") if text else []:
        out.append(next((word[:k] for k in range(1, len(word) + 1) if word[:k] in stem_set), word))
    return " ".join(out)


def _word(rng, letters, lo, hi):
    return "".join(rng.choice(letters) for _ in range(rng.randint(lo, hi)))


def generate(rng: random.Random) -> list[dict]:
    letters = string.ascii_lowercase
    # A large dictionary; about 40 % of the words start with some stem, the rest with none.
    stems = [_word(rng, letters, 3, 8) for _ in range(15_000)]
    words = []
    for _ in range(15_000):
        if rng.random() < 0.4:
            words.append(rng.choice(stems) + _word(rng, letters, 0, 6))
        else:
            words.append(_word(rng, letters, 1, 12))
    text = " ".join(words)

    # A two-letter alphabet: deep shared paths and many stems nested inside each other.
    deep_stems = [_word(rng, "ab", 8, 20) for _ in range(8_000)]
    deep_text = " ".join(_word(rng, "ab", 5, 40) for _ in range(8_000))
    return [
        {"args": [stems, text], "expected": _rewrite(stems, text)},
        {"args": [deep_stems, deep_text], "expected": _rewrite(deep_stems, deep_text)},
    ]
