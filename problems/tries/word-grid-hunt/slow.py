def find_words(board, words):
    rows, cols = len(board), len(board[0])

    def trace(word, k, r, c, used):
        if board[r][c] != word[k]:
            return False
        if k == len(word) - 1:
            return True
        used.add((r, c))
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < rows and 0 <= nc < cols and (nr, nc) not in used:
                if trace(word, k + 1, nr, nc, used):
                    used.discard((r, c))
                    return True
        used.discard((r, c))
        return False

    return [
        w for w in words if any(trace(w, 0, r, c, set()) for r in range(rows) for c in range(cols))
    ]
