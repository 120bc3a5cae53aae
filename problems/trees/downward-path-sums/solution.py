from collections import defaultdict


def count_downward_paths(root: "TreeNode | None", target: int) -> int:
    seen: defaultdict[int, int] = defaultdict(int)
    seen[0] = 1  # the empty prefix above the root

    def walk(node: "TreeNode | None", running: int) -> int:
        if node is None:
            return 0
        running += node.val
        found = seen[running - target]
        seen[running] += 1
        found += walk(node.left, running) + walk(node.right, running)
        seen[running] -= 1
        return found

    return walk(root, 0)
