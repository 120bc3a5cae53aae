def stratified_split(labels: list[int], n_test: int, seed: int) -> list[list[int]]:
    """Deterministic stratified train/test split of the indices 0..len(labels)-1.

    Test quotas per class follow the largest-remainder rule; members are chosen by the
    seeded Fisher-Yates shuffle in the statement. Returns [train_indices, test_indices],
    each sorted ascending.
    """
    pass
