def fold_list(head: "ListNode | None") -> "ListNode | None":
    # Brute force: repeatedly walk to the last node and move it after the current one.
    current = head
    while current is not None and current.next is not None and current.next.next is not None:
        before_last = current
        while before_last.next.next is not None:
            before_last = before_last.next
        last = before_last.next
        before_last.next = None
        last.next = current.next
        current.next = last
        current = last.next
    return head
