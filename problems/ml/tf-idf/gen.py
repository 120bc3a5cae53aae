import math
import random


def _tf_idf(docs):
    # Independent reference: a term -> set-of-documents index gives each df.
    where = {}
    for i, doc in enumerate(docs):
        for t in doc.split():
            where.setdefault(t, set()).add(i)
    n = len(docs)
    out = []
    for doc in docs:
        tokens = doc.split()
        tf = {}
        for t in tokens:
            tf[t] = tf.get(t, 0) + 1
        w = {t: c * (1 + math.log((n + 1) / (len(where[t]) + 1))) for t, c in tf.items()}
        norm = math.sqrt(math.fsum(v * v for v in w.values()))
        out.append({t: v / norm for t, v in w.items()})
    return out


def generate(rng: random.Random) -> list[dict]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = sorted(
        {"".join(rng.choice(letters) for _ in range(rng.randint(2, 6))) for _ in range(4000)}
    )
    # Zipf-like term frequencies, as in real text.
    weights = [1 / (r + 1) for r in range(len(vocab))]
    docs = []
    for _ in range(1500):
        tokens = rng.choices(vocab, weights=weights, k=rng.randint(15, 40))
        docs.append(" ".join(tokens))
    return [{"args": [docs], "expected": _tf_idf(docs)}]
