class ReservoirSampler:
    def __init__(self, k: int, seed: int) -> None:
        self.k = k
        self.state = seed
        self.seen = 0  # items offered so far
        self.slots = []

    def _next_index(self, bound: int) -> int:
        """Advance the LCG and map its state to an integer in [0, bound)."""
        self.state = (1103515245 * self.state + 12345) % 2147483648
        return (self.state * bound) >> 31

    def add(self, item) -> None:
        i = self.seen
        self.seen += 1
        if i < self.k:
            self.slots.append(item)  # filling up: no random draw
            return
        j = self._next_index(i + 1)  # uniform over the i + 1 items seen so far
        if j < self.k:
            self.slots[j] = item

    def sample(self) -> list:
        return list(self.slots)
