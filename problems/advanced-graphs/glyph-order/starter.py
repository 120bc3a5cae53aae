def glyph_order(words: list[str]) -> str:
    """A letter order under which words is sorted (each letter once), or "" if none exists."""
    pass
