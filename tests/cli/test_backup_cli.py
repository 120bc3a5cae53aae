"""`prep export --json`, `prep import`, `prep backup`, `prep restore`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

LISTINGS = (
    ("decks", "--json"),
    ("due", "--json"),
    ("search", "--json"),
    ("story", "list", "--json"),
    ("problems", "--json"),
    ("app", "list", "--json"),
)


def listings(run) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {" ".join(args): json.loads(run(*args).output) for args in LISTINGS}


def test_export_then_import_into_an_empty_home_lists_the_same(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    run("grade", "stats-p-value", "good", "--at", "2026-03-02T12:00:00Z")
    run("grade", "stats-clt:c1", "again", "--at", "2026-03-02T12:01:00Z")
    run("suspend", "term-mle")
    run("add", "--deck", "Mine::Stats", "--q", "What is a z-score?", "--a", "(x - mean) / sd")
    run("story", "add", "--title", "Shipped the ranking model", "-c", "impact,ownership")
    run("app", "add", "Acme", "--role", "ML Engineer", "--source", "referral")
    run("app", "event", "acme", "technical", "--at", "+2d 10:00", "--tags", "clt")
    before = listings(run)
    assert before["story list --json"] and before["app list --json"]
    assert any(d["deck"] == "Mine::Stats" for d in before["decks --json"])  # type: ignore[union-attr]
    backup = tmp_path / "backup.json"
    assert "Exported" in run("export", "--json", str(backup)).output

    new_home = tmp_path / "new-home"
    monkeypatch.setenv("PREP_HOME", str(new_home))
    out = run("import", str(backup)).output
    assert out.startswith("Imported ") and "and 1 files into" in out
    assert (new_home / "decks").is_dir()
    assert listings(run) == before


def test_import_refuses_a_non_empty_collection(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "b.json"
    run("export", "--json", str(backup))
    run("sync")
    result = run("import", str(backup), code=1)
    assert result.output.startswith("Error: the collection in ")
    assert "is not empty; import a backup into a new home" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "bad.json:1: not valid JSON"),
        (
            '{"format": "prep-backup", "version": 1, "schema": "9999", "tables": {}}',
            "written by a newer prep (this prep:",
        ),
    ],
)
def test_bad_backup_file_is_one_line_error(run, tmp_path: Path, content: str, message: str) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = run("import", str(bad), code=1)
    assert result.output.startswith("Error: ") and message in result.output
    assert result.output.count("\n") == 1


def test_export_needs_a_target_and_import_needs_json(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("export", code=1).output == (
        "Error: give exactly one of --json FILE, --apkg FILE or --csv FILE (got none), "
        "e.g. prep export --apkg prep.apkg\n"
    )
    result = run("import", str(tmp_path / "deck.zip"), code=1)
    assert "Anki text files (.txt, .csv, .tsv) and prep backups (.json)" in result.output


def test_backup_and_restore(run, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    run("story", "add", "--title", "Before the backup", "-c", "impact")
    out = run("backup").output
    assert out.startswith(f"Backed up to {isolated_env / 'backups'}/prep-")
    run("story", "add", "--title", "After the backup", "-c", "impact")
    out = run("restore").output
    assert "Backed up the current state to" in out and "-before-restore.db" in out
    titles = [s["title"] for s in json.loads(run("story", "list", "--json").output)]
    assert titles == ["Before the backup"]
    safety = sorted((isolated_env / "backups").glob("*-before-restore.db"))
    assert len(safety) == 1
    run("restore", str(safety[0]))
    titles = [s["title"] for s in json.loads(run("story", "list", "--json").output)]
    assert titles == ["Before the backup", "After the backup"]


def test_restore_without_backups_says_how_to_make_one(run, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("restore", code=1)
    assert result.output == (
        f"Error: no backups in {isolated_env / 'backups'}; make one with prep backup\n"
    )


def test_first_run_of_the_day_backs_up(run, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    run("sync")  # the collection was empty before this run: nothing to back up yet
    assert not list((isolated_env / "backups").glob("prep-*.db"))
    run("decks")
    assert len(list((isolated_env / "backups").glob("prep-*.db"))) == 1
    run("decks")
    assert len(list((isolated_env / "backups").glob("prep-*.db"))) == 1


def test_a_home_whose_name_has_url_characters_keeps_its_database_and_backups(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`?`, `#` and `%` mean something in a URL: the database and its backups must still be
    the files inside the home, not a file cut off at one of them."""
    import sqlite3

    parent = tmp_path / "homes"
    home = parent / "prep?v=2 #1 50%"
    home.mkdir(parents=True)
    monkeypatch.setenv("PREP_HOME", str(home))
    run("grade", "stats-p-value", "good")
    backup = run("backup").output.split("Backed up to ", 1)[1].strip()
    assert Path(backup).parent == home / "backups"
    assert f"Restored {backup}" in run("restore").output
    for db in (home / "prep.db", Path(backup)):
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] > 0
    assert [p.name for p in parent.iterdir()] == [home.name]  # no stray file beside it
