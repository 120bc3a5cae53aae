import math
from collections import Counter


def tf_idf(docs: list[str]) -> list[dict[str, float]]:
    counts = [Counter(doc.split()) for doc in docs]
    df = Counter()
    for c in counts:
        df.update(c.keys())  # each document counts once per term
    n = len(docs)
    idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
    out = []
    for c in counts:
        weights = {t: tf * idf[t] for t, tf in c.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        out.append({t: w / norm for t, w in weights.items()})
    return out
