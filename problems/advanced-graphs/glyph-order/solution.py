from collections import deque
from itertools import pairwise


def glyph_order(words: list[str]) -> str:
    letters = {ch for w in words for ch in w}
    after: dict[str, set[str]] = {ch: set() for ch in letters}
    for first, second in pairwise(words):
        for a, b in zip(first, second, strict=False):
            if a != b:
                after[a].add(b)  # a comes before b
                break
        else:  # one word is a prefix of the other: the longer must come second
            if len(first) > len(second):
                return ""
    waiting = {ch: 0 for ch in letters}
    for a in after:
        for b in after[a]:
            waiting[b] += 1
    ready = deque(sorted(ch for ch in letters if waiting[ch] == 0))
    order: list[str] = []
    while ready:
        a = ready.popleft()
        order.append(a)
        for b in after[a]:
            waiting[b] -= 1
            if waiting[b] == 0:
                ready.append(b)
    return "".join(order) if len(order) == len(letters) else ""
