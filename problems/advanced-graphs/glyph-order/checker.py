def check(args, expected, actual):
    words = args[0]
    if expected == "":  # no consistent order exists
        return actual == ""
    if type(actual) is not str:
        return False
    letters = {ch for w in words for ch in w}
    if len(actual) != len(letters) or set(actual) != letters:
        return False
    rank = {ch: i for i, ch in enumerate(actual)}
    keys = [[rank[ch] for ch in w] for w in words]
    # Python compares lists lexicographically with the prefix rule, as the problem does.
    return all(keys[i] <= keys[i + 1] for i in range(len(keys) - 1))
