def best_single_trade(prices: list[int]) -> int:
    # Brute force: every buy day with every later sell day.
    best = 0
    n = len(prices)
    for buy in range(n):
        for sell in range(buy + 1, n):
            best = max(best, prices[sell] - prices[buy])
    return best
