# class TreeNode:
#     def __init__(self, val=0, left=None, right=None):
#         self.val = val
#         self.left = left
#         self.right = right


def prune_silent(root: "TreeNode | None") -> "TreeNode | None":
    """Return the tree with every alert-free subtree removed (None if nothing is left)."""
    pass
