def reverse_in_groups(head: "ListNode | None", k: int) -> "ListNode | None":
    dummy = ListNode(0, head)
    before = dummy
    while True:
        # Find the last node of the next batch; stop if the batch is incomplete.
        last = before
        for _ in range(k):
            last = last.next
            if last is None:
                return dummy.next
        after = last.next
        first = before.next
        # Reverse first..last so that first ends up pointing at `after`.
        prev, node = after, first
        while node is not after:
            node.next, prev, node = prev, node, node.next
        before.next = last
        before = first
