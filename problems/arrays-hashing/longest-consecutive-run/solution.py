def longest_consecutive_run(badges: list[int]) -> int:
    seen = set(badges)
    best = 0
    for x in seen:
        if x - 1 in seen:
            continue  # not the start of a block
        end = x + 1
        while end in seen:
            end += 1
        best = max(best, end - x)
    return best
