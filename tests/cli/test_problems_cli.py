from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_sandbox_hostile import PROBLEM_MD, cases


@pytest.fixture
def problem(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = isolated_env / "problems" / "arrays-hashing" / "double-it"
    folder.mkdir(parents=True)
    (folder / "problem.md").write_text(PROBLEM_MD)
    (folder / "starter.py").write_text("def double(x):\n    pass\n")
    (folder / "solution.py").write_text("def double(x):\n    return 2 * x\n")
    (folder / "cases.json").write_text(json.dumps(cases()))
    monkeypatch.setattr("prep.services.problem_roots.shipped_dir", lambda name: None)
    return folder


def workspace(home: Path) -> Path:
    return home / "workspace" / "double-it" / "solution.py"


def test_problems_list_json(run, problem: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("problems", "--json").output)
    assert data == [
        {
            "id": "double-it",
            "title": "Double It",
            "category": "arrays-hashing",
            "difficulty": "easy",
            "minutes": 5,
            "state": "new",
            "due": None,
            "attempts": 0,
            "solved": False,
        }
    ]


def test_solve_check_cycle_grades_the_attempt(run, problem: Path, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    out = run("solve", "double-it", "--no-editor").output
    assert "Return twice the input." in out and "Started attempt" in out
    assert workspace(isolated_env).read_text() == "def double(x):\n    pass\n"
    first = json.loads(run("check", "--json").output)
    assert (
        first["verdict"] == "Wrong Answer" and first["failed_case"] == 1 and first["failed_visible"]
    )
    assert first["input"] == "[1]" and first["expected"] == "2" and first["actual"] == "None"
    workspace(isolated_env).write_text("def double(x):\n    return x + x\n")
    second = json.loads(run("check", "--json").output)
    assert second["verdict"] == "Accepted" and second["passed"] == 13 and second["grade"] == "hard"
    listed = json.loads(run("problems", "--json").output)[0]
    assert listed["state"] == "review" and listed["solved"] and listed["attempts"] == 1


def test_hidden_failure_shows_only_its_number(run, problem: Path, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    run("solve", "double-it", "--no-editor")
    workspace(isolated_env).write_text("def double(x):\n    return 2 * x if x < 5 else 0\n")
    out = run("check").output
    assert "Wrong Answer" in out and "Failed on hidden case 4." in out
    assert "input:" not in out


def test_hint_giveup_solution(run, problem: Path) -> None:  # type: ignore[no-untyped-def]
    run("solve", "double-it", "--no-editor")
    assert "Hint 1/3 for double-it: Multiply." in run("hint").output
    assert "Hint 2/3 for double-it: By two." in run("hint", "double-it").output
    assert "Gave up on double-it; it is due again" in run("giveup").output
    assert "No open attempt on double-it." in run("giveup", "double-it").output
    assert "return 2 * x" in run("solution", "double-it").output


def test_run_custom_input(run, problem: Path, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    run("solve", "double-it", "--no-editor")
    workspace(isolated_env).write_text("def double(x):\n    print('debug', x)\n    return [x, x]\n")
    out = run("run", "double-it", "--args", "[21]").output
    assert "debug 21" in out and "→ [21, 21]" in out
    bad = run("run", "double-it", "--args", "[21", code=1).output
    assert "Error: --args is not valid JSON" in bad


def test_check_without_attempt_judges_without_grading(run, problem: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.py"
    path.write_text("def double(x):\n    return 2 * x\n")
    out = json.loads(run("check", "double-it", "--file", str(path), "--json").output)
    assert out["verdict"] == "Accepted" and out["grade"] is None
    assert json.loads(run("problems", "--json").output)[0]["state"] == "new"


def test_problem_errors(run, problem: Path) -> None:  # type: ignore[no-untyped-def]
    assert "Error: no attempt is open" in run("check", code=1).output
    assert "Error: no problem 'nope'" in run("solve", "nope", code=1).output
    assert "does not exist; run `prep solve double-it`" in run("check", "double-it", code=1).output


def test_due_includes_problems(run, problem: Path) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(run("due", "--json").output)
    assert {
        "card_id": "double-it",
        "note_id": "double-it",
        "deck": "Problems::arrays-hashing",
        "kind": "problem",
        "state": "new",
        "due": None,
    } in rows
    decks = json.loads(run("decks", "--json").output)
    assert {
        "deck": "Problems::arrays-hashing",
        "total": 1,
        "new": 1,
        "learning": 0,
        "due": 0,
    } in decks


def test_malformed_problem_is_reported_and_skipped(run, problem: Path) -> None:  # type: ignore[no-untyped-def]
    broken = problem.parent / "broken-one"
    broken.mkdir()
    (broken / "problem.md").write_text(
        PROBLEM_MD.replace("id: double-it", "id: broken-one").replace(
            "difficulty: easy", "difficulty: ???"
        )
    )
    for name in ("starter.py", "solution.py", "cases.json"):
        (broken / name).write_text((problem / name).read_text())
    doctor = run("doctor").output
    assert "broken-one/problem.md: field 'difficulty' is '???'" in doctor
    assert [p["id"] for p in json.loads(run("problems", "--json").output)] == ["double-it"]
