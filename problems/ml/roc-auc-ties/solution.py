def roc_auc(labels: list[int], scores: list[float]) -> float:
    order = sorted(range(len(scores)), key=scores.__getitem__)
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    # Walk groups of equal score from low to high. Each positive beats every negative
    # seen in earlier groups and ties (half a win) with the negatives in its own group.
    twice_wins = 0  # twice the win count keeps the arithmetic in integers
    neg_below = 0
    i = 0
    while i < len(order):
        j = i
        pos = neg = 0
        while j < len(order) and scores[order[j]] == scores[order[i]]:
            if labels[order[j]] == 1:
                pos += 1
            else:
                neg += 1
            j += 1
        twice_wins += pos * (2 * neg_below + neg)
        neg_below += neg
        i = j
    return twice_wins / (2 * n_pos * n_neg)
