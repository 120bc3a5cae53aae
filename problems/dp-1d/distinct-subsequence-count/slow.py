MOD = 1_000_000_007


def count_sub_recipes(steps: str) -> int:
    # Visit every distinct subsequence once, through its leftmost embedding (no counting trick).
    n = len(steps)
    nxt = [[-1] * 26 for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        nxt[i] = nxt[i + 1][:]
        nxt[i][ord(steps[i]) - 97] = i
    count = 0
    stack = [0]
    while stack:
        pos = stack.pop()
        for j in nxt[pos]:
            if j >= 0:
                count += 1
                stack.append(j + 1)
    return count % MOD
