def fold_list(head: "ListNode | None") -> "ListNode | None":
    if head is None or head.next is None:
        return head
    # 1. Find the end of the first half (the middle for odd lengths).
    slow, fast = head, head
    while fast.next is not None and fast.next.next is not None:
        slow, fast = slow.next, fast.next.next
    # 2. Cut and reverse the second half.
    second, slow.next = slow.next, None
    prev = None
    while second is not None:
        second.next, prev, second = prev, second, second.next
    # 3. Weave the halves together.
    first, second = head, prev
    while second is not None:
        first_next, second_next = first.next, second.next
        first.next = second
        second.next = first_next
        first, second = first_next, second_next
    return head
