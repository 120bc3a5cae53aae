import random
import string


def _answer(text, need):
    # Independent reference: binary search on the window length; for a fixed length,
    # slide a window of that length and check coverage with a running "deficit" count.
    required = {}
    for ch in need:
        required[ch] = required.get(ch, 0) + 1

    def first_cover(length):
        have = {}
        deficit = len(need)
        for i, ch in enumerate(text):
            have[ch] = have.get(ch, 0) + 1
            if have[ch] <= required.get(ch, 0):
                deficit -= 1
            if i >= length:
                out = text[i - length]
                if have[out] <= required.get(out, 0):
                    deficit += 1
                have[out] -= 1
            if i >= length - 1 and deficit == 0:
                return i - length + 1
        return -1

    lo, hi = len(need), len(text)
    if hi < lo or first_cover(hi) < 0:
        return ""
    while lo < hi:
        mid = (lo + hi) // 2
        if first_cover(mid) >= 0:
            hi = mid
        else:
            lo = mid + 1
    start = first_cover(lo)
    return text[start : start + lo]


def generate(rng: random.Random) -> list[dict]:
    # Two rare letters far apart: every start beyond the first must scan to the end.
    n = 60_000
    chars = [rng.choice("abcdefghijklmnopqrstuvwxy") for _ in range(n)]
    chars[100] = "z"
    chars[n - 100] = "z"
    sparse = "".join(chars)
    # A long mixed-case line and a 40-letter word drawn from it.
    line = "".join(rng.choice(string.ascii_letters) for _ in range(100_000))
    word = "".join(rng.choice(line) for _ in range(40))
    return [
        {"args": [sparse, "zaz"], "expected": _answer(sparse, "zaz")},
        {"args": [line, word], "expected": _answer(line, word)},
    ]
