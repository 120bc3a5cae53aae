END = "$"  # key marking that a stem ends at this trie node


def shorten_to_stems(stems: list[str], text: str) -> str:
    trie: dict = {}
    for stem in stems:
        node = trie
        for ch in stem:
            if END in node:  # a shorter stem already covers this path
                break
            node = node.setdefault(ch, {})
        else:
            node[END] = True

    def shortest_stem(word: str) -> str:
        node = trie
        for i, ch in enumerate(word):
            node = node.get(ch)
            if node is None:
                return word
            if END in node:
                return word[: i + 1]
        return word

    if not text:
        return ""
    return " ".join(shortest_stem(word) for word in text.split(" "))
