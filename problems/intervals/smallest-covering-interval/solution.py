import heapq


def tightest_windows(windows: list[list[int]], queries: list[int]) -> list[int]:
    windows = sorted(windows)
    answer = [-1] * len(queries)
    heap: list[tuple[int, int]] = []  # (size, right) of windows that have opened
    i = 0
    for k in sorted(range(len(queries)), key=queries.__getitem__):
        q = queries[k]
        while i < len(windows) and windows[i][0] <= q:
            left, right = windows[i]
            heapq.heappush(heap, (right - left + 1, right))
            i += 1
        while heap and heap[0][1] < q:  # closed before q, so before every later query too
            heapq.heappop(heap)
        if heap:
            answer[k] = heap[0][0]
    return answer
