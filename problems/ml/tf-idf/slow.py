import math


def tf_idf(docs: list[str]) -> list[dict[str, float]]:
    tokenised = [doc.split() for doc in docs]
    n = len(docs)
    out = []
    for tokens in tokenised:
        weights = {}
        for t in set(tokens):
            df = sum(1 for other in tokenised if t in other)  # rescans every document
            weights[t] = tokens.count(t) * (math.log((1 + n) / (1 + df)) + 1)
        norm = math.sqrt(sum(w * w for w in weights.values()))
        out.append({t: w / norm for t, w in weights.items()})
    return out
