def shorten_to_stems(stems: list[str], text: str) -> str:
    """Replace each word of text by the shortest stem it starts with (if any); keep single spaces."""
    pass
