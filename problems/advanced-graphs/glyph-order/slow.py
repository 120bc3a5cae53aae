def glyph_order(words):
    letters = sorted({ch for w in words for ch in w})
    before = set()
    # Compare every pair of words, not only neighbours.
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            u, v = words[i], words[j]
            k = 0
            while k < len(u) and k < len(v) and u[k] == v[k]:
                k += 1
            if k < len(u) and k < len(v):
                before.add((u[k], v[k]))
            elif len(u) > len(v):
                return ""
    order, placed = [], set()
    while len(order) < len(letters):
        for ch in letters:
            if ch not in placed and all(a in placed for a, b in before if b == ch):
                order.append(ch)
                placed.add(ch)
                break
        else:
            return ""
    return "".join(order)
