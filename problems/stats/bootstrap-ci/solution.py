def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def _median(xs: list[float]) -> float:
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def _quantile(sorted_values: list[float], p: float) -> float:
    h = (len(sorted_values) - 1) * p
    lo = int(h)  # h >= 0, so int() is floor
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def bootstrap_ci(
    data: list[float], statistic: str, n_resamples: int, alpha: float, seed: int
) -> list[float]:
    stat = _mean if statistic == "mean" else _median
    n = len(data)
    state = seed
    replicates = []
    for _ in range(n_resamples):
        sample = []
        for _ in range(n):
            state = (1664525 * state + 1013904223) % 4294967296
            sample.append(data[(state * n) >> 32])  # the high bits pick the index
        replicates.append(stat(sample))
    replicates.sort()
    return [stat(data), _quantile(replicates, alpha / 2), _quantile(replicates, 1 - alpha / 2)]
