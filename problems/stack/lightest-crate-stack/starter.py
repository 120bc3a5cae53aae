class CrateStack:
    """A stack of crate weights that reports its lightest crate in O(1)."""

    def __init__(self) -> None:
        pass

    def push(self, weight: int) -> None:
        pass

    def pop(self) -> int:
        pass

    def top(self) -> int:
        pass

    def lightest(self) -> int:
        pass

    def size(self) -> int:
        pass
