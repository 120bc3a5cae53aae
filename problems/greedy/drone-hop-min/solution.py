def min_hops(reach: list[int]) -> int:
    last = len(reach) - 1
    hops = 0
    round_end = 0  # farthest pad reachable with `hops` hops
    farthest = 0  # farthest pad reachable with `hops + 1` hops
    for i in range(last):
        farthest = max(farthest, i + reach[i])
        if i == round_end:
            if farthest <= i:
                return -1
            hops += 1
            round_end = farthest
            if round_end >= last:
                break
    return hops
