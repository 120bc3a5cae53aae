def longest_consecutive_run(badges: list[int]) -> int:
    # Brute force: from every value, walk upward with a linear search in the list.
    best = 0
    for x in badges:
        length = 1
        while x + length in badges:
            length += 1
        best = max(best, length)
    return best
