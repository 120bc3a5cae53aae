def pipeline_order(n, deps):
    done = [False] * n
    order = []
    while len(order) < n:
        progress = False
        for s in range(n):
            if done[s]:
                continue
            if all(done[a] for a, b in deps if b == s):
                done[s] = True
                order.append(s)
                progress = True
                break
        if not progress:
            return []
    return order
