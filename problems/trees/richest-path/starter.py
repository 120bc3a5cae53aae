# class TreeNode:
#     def __init__(self, val=0, left=None, right=None):
#         self.val = val
#         self.left = left
#         self.right = right


def richest_path(root: "TreeNode") -> int:
    """Largest sum of values along any path (consecutive caves joined by edges, no repeats)."""
    pass
