class CrateStack:
    def __init__(self) -> None:
        # Each entry: (weight, lightest weight at or below this crate).
        self._items: list[tuple[int, int]] = []

    def push(self, weight: int) -> None:
        below = self._items[-1][1] if self._items else weight
        self._items.append((weight, min(weight, below)))

    def pop(self) -> int:
        return self._items.pop()[0]

    def top(self) -> int:
        return self._items[-1][0]

    def lightest(self) -> int:
        return self._items[-1][1]

    def size(self) -> int:
        return len(self._items)
