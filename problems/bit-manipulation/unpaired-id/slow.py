def unpaired_badge(scans: list[int]) -> int:
    # Count each value's occurrences by scanning the whole list.
    for x in scans:
        seen = 0
        for y in scans:
            if y == x:
                seen += 1
        if seen == 1:
            return x
    raise ValueError("no unpaired badge")
