"""Every shipped problem through the real sandbox: reference Accepted, starter not, slow TLE."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from prep.core.judge import Verdict
from prep.services.checking import judge_source
from prep.services.problem_files import ProblemFiles, load_all, problem_folders

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = problem_folders([ROOT / "problems"])


def test_every_problem_folder_loads() -> None:
    loaded, errors = load_all([ROOT / "problems"])
    assert errors == []
    assert len(loaded) == len(FOLDERS)


@pytest.fixture(params=FOLDERS, ids=[f"{f.parent.name}/{f.name}" for f in FOLDERS])
def files(request: pytest.FixtureRequest) -> ProblemFiles:
    from prep.services.problem_files import load_problem

    return load_problem(request.param)


def test_problem_is_well_formed(files: ProblemFiles) -> None:
    p = files.problem
    cases = files.cases()
    assert sum(c.visible for c in cases) >= 3
    assert sum(not c.visible for c in cases) >= 10
    assert len(p.hints) >= 3
    for heading in ("## Examples", "## Constraints", "## Complexity"):
        assert heading in p.statement, f"{p.id}: statement has no {heading}"


def test_reference_accepted_starter_not(files: ProblemFiles) -> None:
    cases = files.cases()
    ref = judge_source(files, files.solution.read_text(), cases)
    assert ref.verdict is Verdict.ACCEPTED, ref.message or (
        ref.failed_case,
        ref.expected,
        ref.actual,
    )
    starter = judge_source(files, files.starter.read_text(), cases)
    assert starter.verdict is not Verdict.ACCEPTED


SLOW = [f for f in FOLDERS if (f / "slow.py").exists()]


@pytest.mark.parametrize("folder", SLOW, ids=[f"{f.parent.name}/{f.name}" for f in SLOW])
def test_slow_brute_force_times_out(folder: Path) -> None:
    from prep.services.problem_files import load_problem

    files = load_problem(folder)
    assert files.slow is not None
    result = judge_source(files, files.slow.read_text())
    assert result.verdict is Verdict.TIME_LIMIT_EXCEEDED


def test_coverage_table_is_current_and_minimums_met() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "problem_coverage.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
