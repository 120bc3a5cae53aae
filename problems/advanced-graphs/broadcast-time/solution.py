import heapq


def broadcast_time(n: int, links: list[list[int]], source: int) -> int:
    out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for u, v, w in links:
        out[u].append((v, w))
    settled = [False] * n
    count, last = 0, 0
    heap = [(0, source)]
    while heap:
        t, u = heapq.heappop(heap)
        if settled[u]:
            continue
        settled[u] = True
        count += 1
        last = t  # times pop in non-decreasing order
        for v, w in out[u]:
            if not settled[v]:
                heapq.heappush(heap, (t + w, v))
    return last if count == n else -1
