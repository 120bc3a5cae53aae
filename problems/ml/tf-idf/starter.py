def tf_idf(docs: list[str]) -> list[dict[str, float]]:
    """L2-normalised TF-IDF weights (raw-count tf, smoothed idf) for each document.

    Returns one dict per document mapping each of its terms to its weight.
    """
    pass
