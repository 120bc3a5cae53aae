def shortest_covering_window(text: str, need: str) -> str:
    # Brute force: from every start, extend until the window covers `need`.
    required = {}
    for ch in need:
        required[ch] = required.get(ch, 0) + 1
    best = ""
    for start in range(len(text)):
        have = {}
        missing = len(need)
        for end in range(start, len(text)):
            ch = text[end]
            have[ch] = have.get(ch, 0) + 1
            if have[ch] <= required.get(ch, 0):
                missing -= 1
            if missing == 0:
                if not best or end - start + 1 < len(best):
                    best = text[start : end + 1]
                break
    return best
