def max_tasks_covered(tasks: list[int], volunteers: list[int]) -> int:
    # Easiest task first, each given the weakest free volunteer found by a full scan.
    used = [False] * len(volunteers)
    covered = 0
    for need in sorted(tasks):
        pick = -1
        for j, skill in enumerate(volunteers):
            if not used[j] and skill >= need and (pick < 0 or skill < volunteers[pick]):
                pick = j
        if pick >= 0:
            used[pick] = True
            covered += 1
    return covered
