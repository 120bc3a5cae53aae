import heapq


class MedianTracker:
    def __init__(self) -> None:
        self.low: list[int] = []  # max-heap of the smaller half, stored negated
        self.high: list[int] = []  # min-heap of the larger half

    def add(self, value: int) -> None:
        # Route through the lower half so every value in low is <= every value in high.
        heapq.heappush(self.high, -heapq.heappushpop(self.low, -value))
        if len(self.high) > len(self.low):
            heapq.heappush(self.low, -heapq.heappop(self.high))

    def median(self) -> float:
        if len(self.low) > len(self.high):
            return float(-self.low[0])
        return (-self.low[0] + self.high[0]) / 2
