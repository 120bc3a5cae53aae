class ReservoirSampler:
    """Keeps a uniform random sample of k items from a stream (Algorithm R).

    Randomness comes only from the LCG in the statement, seeded with `seed`.
    """

    def __init__(self, k: int, seed: int) -> None:
        pass

    def add(self, item) -> None:
        """Offer the next stream item to the reservoir."""
        pass

    def sample(self) -> list:
        """The current reservoir, slot 0 first (fewer than k items early on)."""
        pass
