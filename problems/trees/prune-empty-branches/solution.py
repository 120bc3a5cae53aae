def prune_silent(root: "TreeNode | None") -> "TreeNode | None":
    if root is None:
        return None
    root.left = prune_silent(root.left)
    root.right = prune_silent(root.right)
    if root.val == 0 and root.left is None and root.right is None:
        return None
    return root
