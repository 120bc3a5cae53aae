import random

MOD = 1_000_000_007


def _count(s):
    # with_empty[i]: distinct subsequences (empty included) of s[:i];
    # a repeated letter double-counts what existed just before its previous occurrence.
    last = {}
    with_empty = [1] * (len(s) + 1)
    for i, ch in enumerate(s, 1):
        v = 2 * with_empty[i - 1]
        if ch in last:
            v -= with_empty[last[ch] - 1]
        with_empty[i] = v % MOD
        last[ch] = i
    return (with_empty[-1] - 1) % MOD


def generate(rng: random.Random) -> list[dict]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    a = "".join(rng.choice(letters) for _ in range(100_000))
    b = "".join(rng.choice("xyz") for _ in range(60_000))
    return [{"args": [a], "expected": _count(a)}, {"args": [b], "expected": _count(b)}]
