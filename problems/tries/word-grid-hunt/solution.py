END = "$"  # key of the word stored at a trie node that ends a word


def find_words(board: list[str], words: list[str]) -> list[str]:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[END] = word

    rows, cols = len(board), len(board[0])
    used = [[False] * cols for _ in range(rows)]
    found: list[str] = []

    def search(r: int, c: int, parent: dict) -> None:
        ch = board[r][c]
        node = parent[ch]
        word = node.pop(END, None)
        if word is not None:
            found.append(word)
        used[r][c] = True
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < rows and 0 <= nc < cols and not used[nr][nc] and board[nr][nc] in node:
                search(nr, nc, node)
        used[r][c] = False
        if not node:  # every word below here has been found: drop the branch
            del parent[ch]

    for r in range(rows):
        for c in range(cols):
            if board[r][c] in trie:
                search(r, c, trie)
    return found
