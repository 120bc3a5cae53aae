def merge_bookings(bookings: list[list[int]]) -> list[list[int]]:
    # Join every overlapping pair with union-find, then report each group's span.
    n = len(bookings)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(n):
        for j in range(i + 1, n):
            if bookings[i][0] <= bookings[j][1] and bookings[j][0] <= bookings[i][1]:
                parent[find(i)] = find(j)
    spans: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(bookings):
        r = find(i)
        if r in spans:
            spans[r] = [min(spans[r][0], s), max(spans[r][1], e)]
        else:
            spans[r] = [s, e]
    return sorted(spans.values())
