def _canonical(value):
    """Sorted list of sorted subsets, or None if value is not a list of lists of ints."""
    if not isinstance(value, list):
        return None
    subsets = []
    for subset in value:
        if not isinstance(subset, list) or any(type(x) is not int for x in subset):
            return None
        subsets.append(sorted(subset))
    return sorted(subsets)


def check(args, expected, actual):
    got = _canonical(actual)
    return got is not None and got == _canonical(expected)
