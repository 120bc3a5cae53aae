"""`prep mock`: a whole round end to end on a fake clock, the hard stop, history, bad templates."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from prep.app import App
from prep.cli.main import cli
from prep.services.pipeline import add_application
from prep.store.models import MockRoundRow, MockSectionRow, ReviewLogRow
from tests.conftest import FakeClock
from tests.integration.test_sandbox_hostile import PROBLEM_MD, cases


@pytest.fixture
def mock_app(
    isolated_env: Path, user_decks: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[App]:
    """The App every `prep` run in the test uses: fake clock, seeded RNG, one medium problem."""
    folder = isolated_env / "problems" / "arrays-hashing" / "double-it"
    folder.mkdir(parents=True)
    (folder / "problem.md").write_text(PROBLEM_MD.replace("difficulty: easy", "difficulty: medium"))
    (folder / "starter.py").write_text("def double(x):\n    pass\n")
    (folder / "solution.py").write_text("def double(x):\n    return 2 * x\n")
    (folder / "cases.json").write_text(json.dumps(cases()))
    application = App(
        home=isolated_env, clock=clock, rng=random.Random(3), extra_deck_dirs=(user_decks,)
    )
    monkeypatch.setattr(App, "from_env", classmethod(lambda cls, *a, **k: application))
    yield application
    if "engine" in application.__dict__:
        application.engine.dispose()


Step = tuple[float, Callable[[], None] | None]


def scripted(monkeypatch: pytest.MonkeyPatch, clock: FakeClock, steps: list[Step]) -> None:
    """Before each prompt reads its line of stdin, move the clock (and maybe edit a file)."""
    import prep.cli.mock as mock_cli

    real_ask = mock_cli.ask

    def ask(prompt: str) -> str:
        if steps:
            minutes, action = steps.pop(0)
            clock.advance(minutes=minutes)
            if action is not None:
                action()
        return real_ask(prompt)

    monkeypatch.setattr(mock_cli, "ask", ask)


def prep(*args: str, input: str | None = None, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, result.output
    return result


def test_phone_screen_end_to_end_with_hard_stop(
    mock_app: App, clock: FakeClock, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_application(mock_app, "Acme", "ML Engineer")
    workspace = isolated_env / "workspace" / "double-it" / "solution.py"

    def fix() -> None:
        workspace.write_text("def double(x):\n    return x + x\n")

    lines: list[str] = []
    steps: list[Step] = []

    def say(minutes: float, line: str, action: Callable[[], None] | None = None) -> None:
        steps.append((minutes, action))
        lines.append(line)

    # Coding (25 min): a failed check, then an accepted one 10 minutes in.
    say(5, "check")
    say(5, "check", fix)
    # Concepts (12 min): four answered in 1.5 min each, the fifth reveal comes 10 min later.
    for grade in ("3", "4", "1", "3"):
        say(1, "")
        say(0.5, grade)
    say(10, "")
    # Behavioral (8 min for one question): answered aloud in 3 minutes, graded good.
    say(3, "")
    say(0.5, "3")
    # Rubric.
    lines += ["3", "4", "2", "3"]
    scripted(monkeypatch, clock, steps)

    out = prep("mock", "phone-screen", "--for", "acme", input="\n".join(lines) + "\n").output

    assert "Mock round: Phone screen · 45:00" in out
    assert "[section 25:00 · round 45:00 left] check/skip>" in out
    assert "Wrong Answer  0/13 cases" in out and "Accepted  13/13 cases" in out
    assert "[section 6:00 · round 29:00 left] enter to reveal>" in out
    assert "Time is up: that answer came 0:00 late and was not accepted." not in out
    assert "Time is up: that answer came 4:00 late and was not accepted." in out
    assert "You took 3:00 of 8:00." in out
    assert "Phone screen — report · for acme" in out
    assert "total                      12/16" in out

    with mock_app.uow() as uow:
        s = uow.session
        rnd = s.scalars(select(MockRoundRow)).one()
        sections = list(s.scalars(select(MockSectionRow).order_by(MockSectionRow.position)))
        logs = list(s.scalars(select(ReviewLogRow).where(ReviewLogRow.kind == "review")))
    assert rnd.template == "phone-screen" and rnd.application_id == 1
    assert json.loads(rnd.scores) == {
        "problem_solving": 3,
        "technical": 4,
        "code_quality": 2,
        "communication": 3,
    }
    coding, concepts, behavioral = (json.loads(x.result) for x in sections)
    assert coding["used_seconds"] == 600 and not coding["timed_out"]
    assert coding["items"] == [
        {"problem_id": "double-it", "verdict": "Accepted", "checks": 2, "passed": 13, "total": 13}
    ]
    assert concepts["timed_out"] and concepts["used_seconds"] == 720
    assert [i["grade"] for i in concepts["items"]] == ["good", "easy", "again", "good"]
    assert concepts["summary"] == "4/5 answered, 3 good or easy"
    assert behavioral["items"] == [
        {"card_id": "behav-conflict", "seconds": 180, "over_time": False, "grade": "good"}
    ]
    # Every self-grade became an ordinary FSRS review; the late fifth answer did not.
    assert len(logs) == 5
    assert {log.card_id for log in logs} and all(log.reviewed_at for log in logs)

    history = json.loads(prep("mock", "history", "--for", "acme", "--json").output)
    assert history == [
        {
            "round_id": 1,
            "template": "phone-screen",
            "application": "acme",
            "started_at": "2026-03-02T12:00:00Z",
            "ended_at": "2026-03-02T12:29:30Z",
            "planned_seconds": 2700,
            "used_seconds": 600 + 720 + 210,
            "problem_solving": 3,
            "technical": 4,
            "code_quality": 2,
            "communication": 3,
            "total": 12,
            "change": None,
        }
    ]
    assert "Trend: new" in prep("mock", "history").output


def test_a_check_after_the_section_time_is_not_judged(
    mock_app: App, clock: FakeClock, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rounds = isolated_env / "rounds"
    rounds.mkdir()
    (rounds / "quick.toml").write_text(
        'name = "quick"\n[[sections]]\nkind = "coding"\nminutes = 10\ncount = 1\n'
    )
    scripted(monkeypatch, clock, [(11, None)])
    out = prep("mock", "quick", input="check\n1\n1\n1\n1\n").output
    assert "Time is up: that answer came 1:00 late and was not accepted." in out
    assert "Accepted" not in out and "Wrong Answer" not in out
    assert "0/1 accepted (time up)" in out


def test_minutes_scales_every_section(
    mock_app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripted(monkeypatch, clock, [])
    out = prep("mock", "ml-breadth", "--minutes", "10", input="\n2\n" * 5 + "2\n" * 4).output
    assert "Mock round: ML breadth · 10:00" in out
    assert "Your bank has only 5 of the 15 items this section asks for." in out


def test_malformed_user_template_is_a_clear_error(mock_app: App, isolated_env: Path) -> None:
    rounds = isolated_env / "rounds"
    rounds.mkdir()
    (rounds / "phone-screen.toml").write_text(
        'name = "phone-screen"\n[[sections]]\nkind = "quiz"\nminutes = 5\n'
    )
    result = prep("mock", "phone-screen", code=1)
    path = rounds / "phone-screen.toml"
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {path}: sections[0].kind = 'quiz' is not a section kind; "
        "use one of coding, concepts, behavioral, break (or `round = NAME`)"
    )


def test_unknown_template_and_list(mock_app: App) -> None:
    result = prep("mock", "nope", code=1)
    assert "Error: no round template 'nope'; use one of behavioral, ml-breadth, ml-coding" in (
        result.output
    )
    listed = prep("mock", "list").output
    assert "phone-screen     45 min  Phone screen" in listed
    assert "onsite          " in listed
