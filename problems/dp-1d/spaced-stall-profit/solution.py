def best_stall_profit(profit: list[int], gap: int) -> int:
    # best[k]: best total using only spots 0..k-1.
    best = [0] * (len(profit) + 1)
    for k, p in enumerate(profit):
        take = p + best[max(0, k - gap)]
        best[k + 1] = max(best[k], take)
    return best[-1]
