"""`prep check` on a 20-case problem vs `python -m pytest -q -p no:cacheprovider` on one
parametrized file of the same cases. Whole processes, same run, median of repeats.

Usage: python scripts/bench/bench_check.py [--repeat N]      (budget: ratio ≤ 0.25)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBLEM = """---
id: sum-of-squares
title: Sum of Squares
difficulty: easy
minutes: 5
category: arrays-hashing
tags: [bench]
kind: function
entry: sum_of_squares
---
Return the sum of the squares of `nums`.

## Hints
- Loop.
- Square each.
- Add them up.
"""
SOLUTION = "def sum_of_squares(nums):\n    return sum(x * x for x in nums)\n"


def cases() -> list[dict[str, object]]:
    out = []
    for n in range(20):
        nums = list(range(-n, n * 3))
        out.append({"args": [nums], "expected": sum(x * x for x in nums)})
    return out


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="prep-bench-check-"))
    try:
        home = root / "home"
        folder = home / "problems" / "arrays-hashing" / "sum-of-squares"
        folder.mkdir(parents=True)
        all_cases = cases()
        (folder / "problem.md").write_text(PROBLEM)
        (folder / "starter.py").write_text("def sum_of_squares(nums):\n    pass\n")
        (folder / "solution.py").write_text(SOLUTION)
        (folder / "cases.json").write_text(
            json.dumps({"visible": all_cases[:3], "hidden": all_cases[3:]})
        )
        work = home / "workspace" / "sum-of-squares"
        work.mkdir(parents=True)
        (work / "solution.py").write_text(SOLUTION)
        tests = root / "pytest"
        tests.mkdir()
        (tests / "solution.py").write_text(SOLUTION)
        (tests / "test_solution.py").write_text(
            "import json\nimport pytest\nfrom solution import sum_of_squares\n\n"
            f"CASES = json.loads({json.dumps(json.dumps(all_cases))})\n\n"
            "@pytest.mark.parametrize('case', CASES)\n"
            "def test_case(case):\n    assert sum_of_squares(*case['args']) == case['expected']\n"
        )
        env = {**os.environ, "PREP_HOME": str(home)}
        env.pop("PREP_DATABASE_URL", None)
        prep = [sys.executable, "-m", "prep", "check", "sum-of-squares"]
        pytest_cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "test_solution.py",
        ]
        timed(prep, env, root)  # first run creates the database and syncs decks
        timed(pytest_cmd, env, tests)
        prep_times, pytest_times = [], []
        for _ in range(args.repeat):
            prep_times.append(timed(prep, env, root))
            pytest_times.append(timed(pytest_cmd, env, tests))
        p, q = statistics.median(prep_times), statistics.median(pytest_times)
        print(
            f"prep check (20 cases, sandboxed):  median {p * 1000:7.1f} ms over {args.repeat} runs"
        )
        print(
            f"pytest -q on the same 20 cases:    median {q * 1000:7.1f} ms over {args.repeat} runs"
        )
        ratio = p / q
        verdict = "within" if ratio <= 0.25 else "OVER"
        print(f"ratio prep/pytest = {ratio:.2f} (budget ≤ 0.25): {verdict} budget")
        return 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
