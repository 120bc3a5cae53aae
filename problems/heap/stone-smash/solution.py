import heapq


def last_block(masses: list[int]) -> int:
    heap = [-m for m in masses]  # negate: heapq is a min-heap
    heapq.heapify(heap)
    while len(heap) > 1:
        first = -heapq.heappop(heap)
        second = -heapq.heappop(heap)
        if first != second:
            heapq.heappush(heap, -(first - second))
    return -heap[0] if heap else 0
