BITS = 31


def max_xor_pair(codes: list[int]) -> int:
    # Binary trie in flat lists: node k has children zero[k] and one[k] (0 = missing).
    zero, one = [0], [0]
    best = 0
    for i, code in enumerate(codes):
        if i > 0:  # query against the codes already stored
            node, xor = 0, 0
            for b in range(BITS - 1, -1, -1):
                bit = (code >> b) & 1
                want = zero[node] if bit else one[node]
                if want:
                    xor |= 1 << b
                    node = want
                else:
                    node = one[node] if bit else zero[node]
            best = max(best, xor)
        node = 0
        for b in range(BITS - 1, -1, -1):
            children = one if (code >> b) & 1 else zero
            if not children[node]:
                children[node] = len(zero)
                zero.append(0)
                one.append(0)
            node = children[node]
    return best
