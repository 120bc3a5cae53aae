from collections import Counter


def first_unique_token(codes: list[str]) -> int:
    counts = Counter(codes)
    for i, code in enumerate(codes):
        if counts[code] == 1:
            return i
    return -1
