import random
import string


def _order(words):
    # Independent: letter graph from neighbours, then repeated removal of sources (DFS-free).
    letters = sorted({ch for w in words for ch in w})
    edges = set()
    for u, v in zip(words, words[1:]):
        k = next((i for i in range(min(len(u), len(v))) if u[i] != v[i]), None)
        if k is None:
            if len(u) > len(v):
                return ""
        else:
            edges.add((u[k], v[k]))
    indeg = {ch: 0 for ch in letters}
    for _, b in edges:
        indeg[b] += 1
    out = []
    sources = [ch for ch in letters if indeg[ch] == 0]
    while sources:
        a = sources.pop()
        out.append(a)
        for x, b in edges:
            if x == a:
                indeg[b] -= 1
                if indeg[b] == 0:
                    sources.append(b)
    return "".join(out) if len(out) == len(letters) else ""


def generate(rng: random.Random) -> list[dict]:
    alphabet = list(string.ascii_lowercase)
    rng.shuffle(alphabet)
    rank = {ch: i for i, ch in enumerate(alphabet)}
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(9_999)]
    words.sort(key=lambda w: [rank[ch] for ch in w])
    # The same lexicon with one out-of-place word near the end: a contradiction.
    broken = words[:]
    broken.insert(len(broken) - 5, broken[10])
    return [
        {"args": [words], "expected": _order(words)},
        {"args": [broken], "expected": _order(broken)},
    ]
