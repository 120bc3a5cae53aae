def all_feature_sets(features: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    current: list[int] = []

    def walk(i: int) -> None:
        if i == len(features):
            out.append(current.copy())
            return
        walk(i + 1)  # features[i] left out
        current.append(features[i])
        walk(i + 1)  # features[i] taken
        current.pop()

    walk(0)
    return out
