import random


def _order(n, deps):
    # Independent: iterative depth-first search, reverse post-order; [] on a back edge.
    succ = [[] for _ in range(n)]
    for a, b in deps:
        succ[a].append(b)
    state = [0] * n  # 0 new, 1 on the stack, 2 finished
    post = []
    for root in range(n):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, 0)]
        while stack:
            v, i = stack[-1]
            if i < len(succ[v]):
                stack[-1] = (v, i + 1)
                w = succ[v][i]
                if state[w] == 1:
                    return []
                if state[w] == 0:
                    state[w] = 1
                    stack.append((w, 0))
            else:
                state[v] = 2
                post.append(v)
                stack.pop()
    return post[::-1]


def generate(rng: random.Random) -> list[dict]:
    n = 40_000
    rank = list(range(n))
    rng.shuffle(rank)  # rank[i] is the stage in position i of a hidden valid order
    chain = [[rank[i], rank[i + 1]] for i in range(n - 1)]  # forces a single valid order
    extra = []
    for _ in range(40_000):
        i, j = sorted(rng.sample(range(n), 2))
        extra.append([rank[i], rank[j]])
    acyclic = chain + extra
    rng.shuffle(acyclic)
    cyclic = acyclic + [[rank[n - 1], rank[n // 2]]]
    rng.shuffle(cyclic)
    return [
        {"args": [n, acyclic], "expected": _order(n, acyclic)},
        {"args": [n, cyclic], "expected": _order(n, cyclic)},
    ]
