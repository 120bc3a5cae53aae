from collections import Counter


def shortest_covering_window(text: str, need: str) -> str:
    owed = Counter(need)  # how many more of each letter the window still needs (may go < 0)
    missing = len(need)
    best_start, best_len = 0, len(text) + 1
    left = 0
    for right, ch in enumerate(text):
        if owed[ch] > 0:
            missing -= 1
        owed[ch] -= 1
        if missing:
            continue
        # Every needed letter is covered: drop surplus letters from the left.
        while owed[text[left]] < 0:
            owed[text[left]] += 1
            left += 1
        if right - left + 1 < best_len:
            best_start, best_len = left, right - left + 1
        # Give up the leftmost (needed) letter and look for the next cover.
        owed[text[left]] += 1
        missing += 1
        left += 1
    return text[best_start : best_start + best_len] if best_len <= len(text) else ""
