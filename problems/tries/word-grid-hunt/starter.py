def find_words(board: list[str], words: list[str]) -> list[str]:
    """Every word from words that can be traced on board (each once, any order)."""
    pass
