def last_block(masses):
    blocks = list(masses)
    while len(blocks) > 1:
        blocks.sort()
        first = blocks.pop()
        second = blocks.pop()
        if first != second:
            blocks.append(first - second)
    return blocks[0] if blocks else 0
