def min_tokens(scores: list[int]) -> int:
    # Start everyone at one token and repair violations until a full sweep changes nothing.
    n = len(scores)
    tokens = [1] * n
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if i > 0 and scores[i] > scores[i - 1] and tokens[i] <= tokens[i - 1]:
                tokens[i] = tokens[i - 1] + 1
                changed = True
            if i + 1 < n and scores[i] > scores[i + 1] and tokens[i] <= tokens[i + 1]:
                tokens[i] = tokens[i + 1] + 1
                changed = True
    return sum(tokens)
