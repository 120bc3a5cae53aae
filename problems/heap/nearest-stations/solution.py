import heapq


def nearest_stations(stations: list[list[int]], home: list[int], k: int) -> list[list[int]]:
    hx, hy = home
    heap: list[tuple[int, int]] = []  # (-squared distance, index): the top is the farthest kept
    for i, (x, y) in enumerate(stations):
        key = (-((x - hx) ** 2 + (y - hy) ** 2), i)
        if len(heap) < k:
            heapq.heappush(heap, key)
        elif key > heap[0]:  # closer than the farthest kept station
            heapq.heapreplace(heap, key)
    return [stations[i] for _, i in heap]
