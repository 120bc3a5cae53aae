def _canonical(groups):
    """Groups as a sorted list of sorted lists, or None when the shape is wrong."""
    if not isinstance(groups, list):
        return None
    out = []
    for group in groups:
        if not isinstance(group, list) or not all(isinstance(s, str) for s in group):
            return None
        out.append(sorted(group))
    return sorted(out)


def check(args, expected, actual):
    got = _canonical(actual)
    return got is not None and got == _canonical(expected)
