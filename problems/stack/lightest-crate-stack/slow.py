class CrateStack:
    # Brute force: lightest() scans the whole column.
    def __init__(self) -> None:
        self.items: list[int] = []

    def push(self, weight: int) -> None:
        self.items.append(weight)

    def pop(self) -> int:
        return self.items.pop()

    def top(self) -> int:
        return self.items[-1]

    def lightest(self) -> int:
        return min(self.items)

    def size(self) -> int:
        return len(self.items)
