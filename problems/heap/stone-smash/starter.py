def last_block(masses: list[int]) -> int:
    """Mass of the block left after crushing the two heaviest until < 2 remain (0 if none)."""
    pass
