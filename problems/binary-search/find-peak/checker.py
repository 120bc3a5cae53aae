def check(args, expected, actual):
    """Any summit index is correct: strictly higher than each existing neighbour."""
    alt = args[0]
    if type(actual) is not int or not 0 <= actual < len(alt):
        return False
    left_ok = actual == 0 or alt[actual - 1] < alt[actual]
    right_ok = actual == len(alt) - 1 or alt[actual + 1] < alt[actual]
    return left_ok and right_ok
