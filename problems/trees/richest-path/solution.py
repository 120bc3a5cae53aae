def richest_path(root: "TreeNode") -> int:
    best = root.val

    def down(node: "TreeNode | None") -> int:
        """Best sum of a chain that starts at node and only goes downward (0 if none)."""
        nonlocal best
        if node is None:
            return 0
        left = max(0, down(node.left))
        right = max(0, down(node.right))
        best = max(best, node.val + left + right)
        return node.val + max(left, right)

    down(root)
    return best
