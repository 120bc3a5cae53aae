# class ListNode:
#     def __init__(self, val=0, next=None):
#         self.val = val
#         self.next = next


def reverse_in_groups(head: "ListNode | None", k: int) -> "ListNode | None":
    """Reverse every complete batch of k consecutive nodes and return the new head."""
    pass
