def min_cruise_altitude(heights):
    rows, cols = len(heights), len(heights[0])

    def reachable(limit):
        if heights[0][0] > limit:
            return False
        seen = {(0, 0)}
        stack = [(0, 0)]
        while stack:
            r, c = stack.pop()
            if (r, c) == (rows - 1, cols - 1):
                return True
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if (
                    0 <= nr < rows
                    and 0 <= nc < cols
                    and (nr, nc) not in seen
                    and heights[nr][nc] <= limit
                ):
                    seen.add((nr, nc))
                    stack.append((nr, nc))
        return False

    for altitude in sorted({h for row in heights for h in row}):
        if reachable(altitude):
            return altitude
