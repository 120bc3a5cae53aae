import random
from bisect import insort


def _expected(calls):
    values: list[int] = []
    out = [None]
    for name, args in calls[1:]:
        if name == "add":
            insort(values, args[0])
            out.append(None)
        else:
            n = len(values)
            out.append(values[n // 2] / 1 if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2)
    return out


def generate(rng: random.Random) -> list[dict]:
    cases = []
    for lo, hi in ((-(10**9), 10**9), (0, 50)):
        calls = [["MedianTracker", []]]
        for _ in range(30_000):
            calls.append(["add", [rng.randint(lo, hi)]])
            calls.append(["median", []])
        cases.append({"calls": calls, "expected": _expected(calls)})
    return cases
