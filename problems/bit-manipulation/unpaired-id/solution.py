def unpaired_badge(scans: list[int]) -> int:
    acc = 0
    for badge in scans:
        acc ^= badge  # pairs cancel out
    return acc
