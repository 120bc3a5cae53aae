class PrefixTree:
    """A set of lowercase words with prefix queries."""

    def __init__(self) -> None:
        pass

    def add(self, word: str) -> None:
        """Store word (no effect if already stored)."""
        pass

    def contains(self, word: str) -> bool:
        """True if exactly this word was stored."""
        pass

    def has_prefix(self, prefix: str) -> bool:
        """True if some stored word starts with prefix."""
        pass

    def count_prefix(self, prefix: str) -> int:
        """How many distinct stored words start with prefix."""
        pass
