def group_anagrams(labels: list[str]) -> list[list[str]]:
    # Brute force: compare each label's letter counts with every group found so far.
    def counts(s):
        c = [0] * 26
        for ch in s:
            c[ord(ch) - 97] += 1
        return c

    groups = []
    for label in labels:
        mine = counts(label)
        for group in groups:
            if counts(group[0]) == mine:
                group.append(label)
                break
        else:
            groups.append([label])
    return groups
