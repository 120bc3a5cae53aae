def max_tasks_covered(tasks: list[int], volunteers: list[int]) -> int:
    tasks = sorted(tasks)
    covered = 0
    for skill in sorted(volunteers):
        if covered < len(tasks) and skill >= tasks[covered]:
            covered += 1
    return covered
