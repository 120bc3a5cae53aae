from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from prep.cli.main import COMMANDS


def prep(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess."""
    import os

    return subprocess.run(
        [sys.executable, "-m", "prep", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_version_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from prep.cli.main import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('sqlalchemy', 'prompt_toolkit', 'fsrs', 'rich') if m in sys.modules]\n"
        "print('HEAVY', bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "prep 0.1.0" in out and "HEAVY []" in out


def test_decks_json_shape(run) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("decks", "--json").output)
    assert data == [{"deck": "Stats::Testing", "total": 6, "new": 6, "learning": 0, "due": 0}]


def test_due_json_lists_queue_in_order(run) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("due", "--json").output)
    assert [d["card_id"] for d in data] == [
        "stats-p-value",
        "stats-clt:c1",
        "behav-conflict",
        "term-mle",
    ]
    assert set(data[0]) == {"card_id", "note_id", "deck", "kind", "state", "due"}
    assert data[0]["kind"] == "new" and data[0]["due"] is None


def test_grade_undo_and_card_show(run) -> None:  # type: ignore[no-untyped-def]
    out = json.loads(
        run("grade", "stats-p-value", "good", "--at", "2026-03-02T12:00:00Z", "--json").output
    )
    assert out["state"] == "learning" and out["due"] == "2026-03-02T12:10:00Z"
    assert out["reviewed_at"] == "2026-03-02T12:00:00Z"
    shown = json.loads(run("card", "show", "stats-p-value", "--json").output)
    assert shown["reps"] == 1 and [h["kind"] for h in shown["history"]] == ["review"]
    assert "Undid the last answer of stats-p-value" in run("undo").output
    shown = json.loads(run("card", "show", "stats-p-value", "--json").output)
    assert shown["state"] == "new" and [h["kind"] for h in shown["history"]] == ["review", "undo"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("grade", "nope", "good"), "Error: no card with id 'nope'"),
        (("grade", "stats-p-value", "great"), "Error: unknown rating 'great'"),
        (
            ("grade", "stats-p-value", "good", "--at", "yesterday"),
            "Error: --at 'yesterday' is not an ISO date-time",
        ),
        (("grade", "stats-clt", "good"), "Error: note 'stats-clt' has 2 cards"),
        (("due", "--deck", "Nope"), "Error: no deck named 'Nope'"),
        (("search", "--state", "weird"), "Error: unknown state 'weird'"),
        (("undo",), "Error: nothing to undo"),
        (("story", "add", "--title", "x", "-c", "bravery"), "Error: unknown competency 'bravery'"),
        (("story", "show", "42"), "Error: no story #42"),
        (("--db", "mysql+nodriver://x/y", "decks"), "Error: database URL"),
    ],
)
def test_bad_input_is_one_line_error(run, args, message) -> None:  # type: ignore[no-untyped-def]
    result = run(*args, code=1)
    assert message in result.output
    assert "Traceback" not in result.output


def test_invalid_config_is_clear(run, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated_env / "config.toml").write_text("[scheduling]\ndesired_retention = 2\n")
    result = run("decks", code=1)
    assert (
        "config.toml: scheduling.desired_retention = 2.0 must be between 0.70 and 0.99"
        in result.output
    )


def test_malformed_deck_is_a_warning_not_a_failure(run, user_decks: Path) -> None:  # type: ignore[no-untyped-def]
    (user_decks / "bad.md").write_text("## ok\nQ: fine\nA: fine\n## Not Valid\n")
    result = run("decks", "--json")
    assert "bad.md:4: a note header must look like" in result.output


def test_search_filters(run) -> None:  # type: ignore[no-untyped-def]
    hits = json.loads(run("search", "p-value", "--json").output)
    assert [h["card_id"] for h in hits] == ["stats-p-value"]
    assert hits[0]["tags"] == ["statistics", "hypothesis-testing", "easy"]
    tagged = json.loads(run("search", "--tag", "clt", "--json").output)
    assert [h["card_id"] for h in tagged] == ["stats-clt:c1", "stats-clt:c2"]
    run("suspend", "term-mle")
    suspended = json.loads(run("search", "--state", "suspended", "--json").output)
    assert [h["card_id"] for h in suspended] == ["term-mle"]


def test_card_actions(run) -> None:  # type: ignore[no-untyped-def]
    assert "Suspended term-mle." in run("suspend", "term-mle").output
    assert "Unsuspended term-mle." in run("unsuspend", "term-mle").output
    assert "Buried term-mle until" in run("bury", "term-mle").output
    assert "Flag of term-mle set to 2." in run("flag", "term-mle", "2").output
    assert "term-mle is new again." in run("forget", "term-mle").output
    assert "No leeches." in run("leeches").output
    assert json.loads(run("leeches", "--json").output) == []


def test_add_appends_to_user_deck_file(run, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    out = run(
        "add",
        "--deck",
        "Mine::Stats",
        "--q",
        "What is a z-score?",
        "--a",
        "(x - mean) / sd",
        "--tags",
        "easy",
    ).output
    assert "Added what-is-a-z-score to" in out
    path = isolated_env / "decks" / "mine" / "stats.md"
    text = path.read_text()
    assert "deck: Mine::Stats" in text and "## what-is-a-z-score\nQ: What is a z-score?" in text
    again = run("add", "--deck", "Mine::Stats", "--q", "What is a z-score?", "--a", "again").output
    assert "what-is-a-z-score-2" in again
    assert path.read_text().count("## what-is-a-z-score") == 2
    decks = json.loads(run("decks", "--json").output)
    assert {"deck": "Mine::Stats", "total": 2, "new": 2, "learning": 0, "due": 0} in decks


def test_interactive_review_session(run) -> None:  # type: ignore[no-untyped-def]
    # reveal + good, reveal + again, suspend the next new card, then quit
    result = run("review", input="\n3\n\n1\ns\nq\n")
    out = result.output
    assert "What does a p-value measure?" in out
    assert "1 again 1m" in out and "4 easy" in out
    assert "Suspended behav-conflict." in out  # learning cards wait for learn-ahead
    assert "2 answered; every answer is saved." in out


def test_review_shows_matching_stories_for_behavioral_cards(run) -> None:  # type: ignore[no-untyped-def]
    run(
        "story",
        "add",
        "--title",
        "Settled the embedding debate",
        "-c",
        "conflict",
        "--result",
        "shipped",
    )
    run("grade", "stats-p-value", "easy")
    run("grade", "stats-clt:c1", "easy")
    out = run("review", input="\n3\nq\n").output
    assert "Settled the embedding debate" in out


def test_story_bank_roundtrip(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run(
        "story",
        "add",
        "--title",
        "Fixed the flaky pipeline",
        "-c",
        "ownership,impact",
        "--result",
        "CI green",
    )
    listed = json.loads(run("story", "list", "--json").output)
    assert (
        listed[0]["title"] == "Fixed the flaky pipeline"
        and listed[0]["competencies"] == "ownership,impact"
    )

    def fake_edit(text: str, **_: object) -> str:
        return text.replace("Fixed the flaky pipeline", "Fixed the flaky data pipeline")

    monkeypatch.setattr("click.edit", fake_edit)
    assert "Saved story #1: Fixed the flaky data pipeline" in run("story", "edit", "1").output
    shown = json.loads(run("story", "show", "1", "--json").output)
    assert shown["result"] == "CI green" and shown["competencies"] == ["ownership", "impact"]


def test_sync_and_doctor(run) -> None:  # type: ignore[no-untyped-def]
    assert "4 notes added" in run("sync").output
    doctor = run("doctor").output
    from prep.store.migrate import HEAD

    assert f"schema:    revision {HEAD}" in doctor and "deck files: 1, problems: 0" in doctor
    assert "sandbox:" in doctor and "active:  rlimits" in doctor


def test_bare_prep_prints_agenda(run) -> None:  # type: ignore[no-untyped-def]
    out = run().output
    assert "Today: 0 reviews, 0 learning, 4 new" in out


def test_every_command_has_help_and_is_documented(run) -> None:  # type: ignore[no-untyped-def]
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    for name in COMMANDS:
        out = run(name, "--help").output
        assert "Example:" in out or "Usage:" in out
        assert f"prep {name}" in readme, f"README does not mention `prep {name}`"


def test_module_entry_point_runs(user_decks: Path) -> None:
    result = prep("decks", "--json")
    assert result.returncode == 0, result.stderr
    decks = {d["deck"] for d in json.loads(result.stdout)}
    assert "Stats::Testing" in decks and any(d.startswith("Statistics::") for d in decks)
