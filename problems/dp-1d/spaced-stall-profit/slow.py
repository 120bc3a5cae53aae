def best_stall_profit(profit: list[int], gap: int) -> int:
    # ending[i]: best total when spot i is the rightmost open spot (quadratic scan of predecessors).
    n = len(profit)
    ending = [0] * n
    answer = 0
    for i in range(n):
        prev = 0
        for j in range(i - gap - 1, -1, -1):
            if ending[j] > prev:
                prev = ending[j]
        ending[i] = profit[i] + prev
        if ending[i] > answer:
            answer = ending[i]
    return answer
