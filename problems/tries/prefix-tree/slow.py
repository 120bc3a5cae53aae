class PrefixTree:
    def __init__(self):
        self.words = set()

    def add(self, word):
        self.words.add(word)

    def contains(self, word):
        return word in self.words

    def has_prefix(self, prefix):
        return any(w.startswith(prefix) for w in self.words)

    def count_prefix(self, prefix):
        return sum(1 for w in self.words if w.startswith(prefix))
