# class ListNode:
#     def __init__(self, val=0, next=None):
#         self.val = val
#         self.next = next


def merge_sorted_chains(a: "ListNode | None", b: "ListNode | None") -> "ListNode | None":
    """Merge two sorted linked lists into one sorted list and return its head."""
    pass
