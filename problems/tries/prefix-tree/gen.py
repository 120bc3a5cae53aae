import random
from bisect import bisect_left, insort


def _word(rng, letters, lo, hi):
    return "".join(rng.choice(letters) for _ in range(rng.randint(lo, hi)))


def _expected(calls):
    # Independent model: a sorted list; words with a prefix p form the range [p, p + "{").
    words: list[str] = []
    out = [None]
    for name, (text,) in calls[1:]:
        i = bisect_left(words, text)
        if name == "add":
            if i == len(words) or words[i] != text:
                insort(words, text)
            out.append(None)
        elif name == "contains":
            out.append(i < len(words) and words[i] == text)
        else:
            count = bisect_left(words, text + "{") - i
            out.append(count > 0 if name == "has_prefix" else count)
    return out


def generate(rng: random.Random) -> list[dict]:
    letters = "abcdef"
    calls = [["PrefixTree", []]]
    stored = []
    for _ in range(12_000):
        w = _word(rng, letters, 3, 12)
        stored.append(w)
        calls.append(["add", [w]])
    for _ in range(24_000):
        kind = rng.choice(["contains", "has_prefix", "count_prefix", "count_prefix"])
        if rng.random() < 0.5:
            base = rng.choice(stored)
            text = base[: rng.randint(0, len(base))] if kind != "contains" else base
        else:
            text = _word(rng, letters, 1, 8)
        calls.append([kind, [text]])
    return [{"calls": calls, "expected": _expected(calls)}]
