def _canonical(value):
    """Sorted list of sorted combinations, or None if value is not a list of lists of ints."""
    if not isinstance(value, list):
        return None
    combos = []
    for combo in value:
        if not isinstance(combo, list) or any(type(x) is not int for x in combo):
            return None
        combos.append(sorted(combo))
    return sorted(combos)


def check(args, expected, actual):
    got = _canonical(actual)
    return got is not None and got == _canonical(expected)
