def check(args, expected, actual):
    n, deps = args
    if expected == []:  # n >= 1, so [] means the dependencies contain a cycle
        return actual == []
    if not isinstance(actual, list) or len(actual) != n:
        return False
    if any(type(s) is not int for s in actual) or sorted(actual) != list(range(n)):
        return False
    position = {s: i for i, s in enumerate(actual)}
    return all(position[a] < position[b] for a, b in deps)
