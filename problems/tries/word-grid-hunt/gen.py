import random
import string


def _random_path_word(rng, board, length):
    rows, cols = len(board), len(board[0])
    r, c = rng.randrange(rows), rng.randrange(cols)
    path, seen = [(r, c)], {(r, c)}
    while len(path) < length:
        steps = [
            (r + dr, c + dc)
            for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1))
            if 0 <= r + dr < rows and 0 <= c + dc < cols and (r + dr, c + dc) not in seen
        ]
        if not steps:
            break
        r, c = rng.choice(steps)
        path.append((r, c))
        seen.add((r, c))
    return "".join(board[r][c] for r, c in path)


def _traceable(board, words):
    # Independent check: for each word, a search over (cell, position, used-set) states.
    rows, cols = len(board), len(board[0])
    starts = {}
    for r in range(rows):
        for c in range(cols):
            starts.setdefault(board[r][c], []).append((r, c))
    out = []
    for w in words:
        stack = [((r, c), 0, frozenset([(r, c)])) for r, c in starts.get(w[0], [])]
        ok = False
        while stack and not ok:
            (r, c), k, used = stack.pop()
            if k == len(w) - 1:
                ok = True
                break
            for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if (
                    0 <= nr < rows
                    and 0 <= nc < cols
                    and (nr, nc) not in used
                    and board[nr][nc] == w[k + 1]
                ):
                    stack.append(((nr, nc), k + 1, used | {(nr, nc)}))
        if ok:
            out.append(w)
    return out


def _big_case(rng):
    size = 40
    board = ["".join(rng.choice(string.ascii_lowercase) for _ in range(size)) for _ in range(size)]
    words = set()
    while len(words) < 1500:
        words.add(_random_path_word(rng, board, rng.randint(3, 10)))
    while len(words) < 20_000:
        words.add("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))))
    words = sorted(words)
    rng.shuffle(words)
    return {"args": [board, words], "expected": _traceable(board, words)}


def generate(rng: random.Random) -> list[dict]:
    # Two full-size cases, so that searching for each word separately is far over the limit.
    return [_big_case(rng) for _ in range(2)]
