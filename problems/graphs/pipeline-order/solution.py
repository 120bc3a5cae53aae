from collections import deque


def pipeline_order(n: int, deps: list[list[int]]) -> list[int]:
    after: list[list[int]] = [[] for _ in range(n)]
    waiting = [0] * n  # unfinished prerequisites of each stage
    for a, b in deps:
        after[a].append(b)
        waiting[b] += 1
    ready = deque(s for s in range(n) if waiting[s] == 0)
    order: list[int] = []
    while ready:
        stage = ready.popleft()
        order.append(stage)
        for nxt in after[stage]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    return order if len(order) == n else []
