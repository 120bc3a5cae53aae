from collections import defaultdict


def group_anagrams(labels: list[str]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for label in labels:
        groups["".join(sorted(label))].append(label)
    return list(groups.values())
