def min_tokens(scores: list[int]) -> int:
    n = len(scores)
    tokens = [1] * n
    for i in range(1, n):
        if scores[i] > scores[i - 1]:
            tokens[i] = tokens[i - 1] + 1
    for i in range(n - 2, -1, -1):
        if scores[i] > scores[i + 1] and tokens[i] <= tokens[i + 1]:
            tokens[i] = tokens[i + 1] + 1
    return sum(tokens)
