# class TreeNode:
#     def __init__(self, val=0, left=None, right=None):
#         self.val = val
#         self.left = left
#         self.right = right


def count_downward_paths(root: "TreeNode | None", target: int) -> int:
    """Number of downward routes (start anywhere, go only to children) summing to target."""
    pass
