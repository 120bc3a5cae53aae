import heapq


def min_cruise_altitude(heights: list[list[int]]) -> int:
    rows, cols = len(heights), len(heights[0])
    done = [[False] * cols for _ in range(rows)]
    heap = [(heights[0][0], 0, 0)]  # (highest cell on the best route so far, r, c)
    while heap:
        cost, r, c = heapq.heappop(heap)
        if done[r][c]:
            continue
        if r == rows - 1 and c == cols - 1:
            return cost
        done[r][c] = True
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < rows and 0 <= nc < cols and not done[nr][nc]:
                heapq.heappush(heap, (max(cost, heights[nr][nc]), nr, nc))
    raise AssertionError("the bottom-right cell is always reachable")
