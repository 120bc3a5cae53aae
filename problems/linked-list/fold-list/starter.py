# class ListNode:
#     def __init__(self, val=0, next=None):
#         self.val = val
#         self.next = next


def fold_list(head: "ListNode | None") -> "ListNode | None":
    """Reorder the nodes as first, last, second, second-to-last, ... and return the head."""
    pass
