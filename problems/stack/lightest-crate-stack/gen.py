import random


def _expected(calls):
    # Independent reference: a main stack plus a stack of the running minima, pushed only
    # when a weight is <= the current minimum and popped when that weight leaves.
    items, minima, out = [], [], []
    for name, args in calls:
        if name == "CrateStack":
            out.append(None)
        elif name == "push":
            items.append(args[0])
            if not minima or args[0] <= minima[-1]:
                minima.append(args[0])
            out.append(None)
        elif name == "pop":
            w = items.pop()
            if w == minima[-1]:
                minima.pop()
            out.append(w)
        elif name == "top":
            out.append(items[-1])
        elif name == "lightest":
            out.append(minima[-1])
        elif name == "size":
            out.append(len(items))
    return out


def generate(rng: random.Random) -> list[dict]:
    # A tall column, then many queries: scanning for the minimum is quadratic overall.
    calls = [["CrateStack", []]]
    height = 40_000
    for _ in range(height):
        calls.append(["push", [rng.randint(-(10**6), 10**6)]])
    for _ in range(40_000):
        r = rng.random()
        if r < 0.85:
            calls.append(["lightest", []])
        elif r < 0.9:
            calls.append(["top", []])
        elif r < 0.95 and height > 1:
            calls.append(["pop", []])
            height -= 1
        else:
            calls.append(["push", [rng.randint(-(10**6), 10**6)]])
            height += 1
    calls.append(["size", []])
    return [{"calls": calls, "expected": _expected(calls)}]
