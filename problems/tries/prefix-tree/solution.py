class _Node:
    __slots__ = ("children", "is_word", "passing")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.is_word = False
        self.passing = 0  # stored words whose path goes through this node


class PrefixTree:
    def __init__(self) -> None:
        self.root = _Node()

    def _find(self, text: str) -> _Node | None:
        node = self.root
        for ch in text:
            node = node.children.get(ch)
            if node is None:
                return None
        return node

    def add(self, word: str) -> None:
        if self.contains(word):
            return
        node = self.root
        node.passing += 1
        for ch in word:
            node = node.children.setdefault(ch, _Node())
            node.passing += 1
        node.is_word = True

    def contains(self, word: str) -> bool:
        node = self._find(word)
        return node is not None and node.is_word

    def has_prefix(self, prefix: str) -> bool:
        return self.count_prefix(prefix) > 0

    def count_prefix(self, prefix: str) -> int:
        node = self._find(prefix)
        return 0 if node is None else node.passing
