def richest_path(root):
    # Turn the tree into an undirected graph and walk from every cave to every other one.
    nodes, neighbours, stack = [], {}, [root]
    while stack:
        node = stack.pop()
        nodes.append(node)
        neighbours.setdefault(id(node), [])
        for child in (node.left, node.right):
            if child is not None:
                neighbours[id(node)].append(child)
                neighbours.setdefault(id(child), []).append(node)
                stack.append(child)
    best = root.val
    for start in nodes:
        todo = [(start, None, start.val)]
        while todo:
            node, came_from, total = todo.pop()
            best = max(best, total)
            for nxt in neighbours[id(node)]:
                if nxt is not came_from:
                    todo.append((nxt, node, total + nxt.val))
    return best
