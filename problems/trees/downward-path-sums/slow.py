def count_downward_paths(root, target):
    def from_here(node, total):
        if node is None:
            return 0
        total += node.val
        return (total == target) + from_here(node.left, total) + from_here(node.right, total)

    def every_start(node):
        if node is None:
            return 0
        return from_here(node, 0) + every_start(node.left) + every_start(node.right)

    return every_start(root)
