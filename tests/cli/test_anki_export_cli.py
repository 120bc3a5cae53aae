"""`prep export --apkg` and `--csv`: what they print, and one-line errors."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest


def test_export_apkg_prints_what_it_wrote(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("grade", "stats-p-value", "good", "--at", "2026-03-02T12:00:00Z")
    target = tmp_path / "prep.apkg"
    result = run("export", "--apkg", str(target))
    assert result.output == (
        f"Exported 4 notes (6 cards, 1 review log, 0 media files) to {target}\n"
    )
    with zipfile.ZipFile(target) as package:
        assert sorted(package.namelist()) == ["collection.anki21", "media", "meta"]
        assert json.loads(package.read("media")) == {}
        assert package.read("meta") == b"\x08\x02"
        (tmp_path / "col.db").write_bytes(package.read("collection.anki21"))
    db = sqlite3.connect(tmp_path / "col.db")
    try:
        assert db.execute("select ver from col").fetchone() == (11,)
        assert db.execute("select count() from notes").fetchone() == (4,)
        assert db.execute("select count() from revlog").fetchone() == (1,)
    finally:
        db.close()


def test_export_csv_with_a_deck(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "notes.txt"
    result = run("export", "--csv", str(target), "--deck", "Stats")
    assert result.output == f"Exported 4 notes (6 cards) to {target}\n"
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#separator:tab"
    assert sum(1 for line in lines if line.startswith("prep:")) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--apkg", "a.apkg", "--csv", "b.txt"),
            "give exactly one of --json FILE, --apkg FILE or --csv FILE (got --apkg and --csv), "
            "e.g. prep export --apkg prep.apkg",
        ),
        (
            ("--json", "a.json", "--deck", "Stats"),
            "--deck works with --apkg and --csv; a JSON backup holds everything",
        ),
        (
            ("--apkg", "x.apkg", "--deck", "Nope"),
            "no deck named 'Nope'; see `prep decks` for the names",
        ),
    ],
)
def test_export_errors_are_one_line(run, tmp_path: Path, args, message) -> None:  # type: ignore[no-untyped-def]
    result = run("export", *[str(tmp_path / a) if "." in a else a for a in args], code=1)
    assert result.output == f"Error: {message}\n"
    assert list(tmp_path.glob("*.apkg")) == []


def test_unwritable_target_is_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("export", "--apkg", str(blocker / "prep.apkg"), code=1)
    assert result.output == (
        f"Error: cannot write {blocker / 'prep.apkg'}: {blocker} is not a folder\n"
    )
    assert blocker.read_text(encoding="utf-8") == "not a folder"
