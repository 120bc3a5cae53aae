"""A damaged database is detected at start, named with the newest good backup and the restore
command, left untouched, and `prep restore` brings the collection back."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corrupt_pages(db: Path) -> None:
    """Overwrite the middle of the file (table pages, not the header) with junk."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    data = bytearray(db.read_bytes())
    for n in range(1, pages):  # every page after the first (which holds the schema root)
        start = n * page
        data[start : start + 64] = b"\xa5" * 64
    db.write_bytes(bytes(data))


@pytest.fixture
def collection(run, isolated_env: Path) -> Path:  # type: ignore[no-untyped-def]
    run("grade", "stats-p-value", "good", "--at", "2026-03-02T12:00:00Z")
    out = run("backup").output
    good = Path(out.split("Backed up to ", 1)[1].split()[0])
    assert good.is_file()
    return good


def test_a_file_that_is_not_a_database_is_reported_with_the_backup_to_restore(  # type: ignore[no-untyped-def]
    run, isolated_env: Path, collection: Path
) -> None:
    db = isolated_env / "prep.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    db.write_bytes(b"this is not a database at all" * 200)
    before = digest(db)
    result = run("due", "--json", code=1)
    assert "Traceback" not in result.output
    line = result.output.strip()
    assert line.startswith(f"Error: the database {db} is damaged")
    assert f"the newest good backup is {collection}" in line
    assert f"prep restore {collection}" in line
    assert digest(db) == before  # left untouched

    restored = run("restore", str(collection)).output
    assert f"Restored {collection}" in restored
    damaged = [p for p in (isolated_env / "backups").glob("*damaged.db")]
    assert len(damaged) == 1 and digest(damaged[0]) == before  # the damaged file is kept
    cards = json.loads(run("due", "--json").output)
    assert cards is not None
    # The damaged copy is never offered as the newest backup.
    assert "damaged" not in run("restore", code=None).output.split("Restored", 1)[-1]


def test_damaged_pages_are_reported_mid_command(  # type: ignore[no-untyped-def]
    run, isolated_env: Path, collection: Path
) -> None:
    db = isolated_env / "prep.db"
    corrupt_pages(db)
    before = digest(db)
    result = run("due", "--json", code=None)
    assert result.exit_code == 1, result.output
    assert "is damaged" in result.output and f"prep restore {collection}" in result.output
    assert "internal error" not in result.output
    assert digest(db) == before


def test_a_damaged_newer_backup_is_skipped(  # type: ignore[no-untyped-def]
    run, isolated_env: Path, collection: Path
) -> None:
    folder = isolated_env / "backups"
    newer = folder / "prep-20991231T000000Z.db"
    newer.write_bytes(b"junk" * 1000)
    db = isolated_env / "prep.db"
    db.write_bytes(b"junk" * 1000)
    Path(f"{db}-wal").unlink(missing_ok=True)
    result = run("today", code=1)
    assert f"the newest good backup is {collection}" in result.output


def test_no_good_backup_says_how_to_recover(run, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    run("due")
    db = isolated_env / "prep.db"
    db.write_bytes(b"junk" * 1000)
    Path(f"{db}-wal").unlink(missing_ok=True)
    result = run("due", code=1)
    assert "no good backup was found" in result.output and ".recover" in result.output


def test_the_daily_backup_catches_damage_and_keeps_good_backups(  # type: ignore[no-untyped-def]
    run, isolated_env: Path, collection: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database whose pages went bad still opens; the day's backup check finds it."""
    from prep.app import App
    from prep.core.errors import BackupError
    from prep.services import backup as svc

    app = App.from_env()
    monkeypatch.setattr(svc, "sqlite_problem", lambda path: "fails SQLite's check (page 7)")
    monkeypatch.setattr(App, "backed_up_today", lambda self: False)
    with pytest.raises(BackupError) as err:
        svc.auto_backup(app)
    assert "is damaged: today's copy of it fails SQLite's check" in str(err.value)
    assert str(collection) in str(err.value)
    names = sorted(p.name for p in (isolated_env / "backups").iterdir())
    assert collection.name in names  # not rotated away
    assert any("damaged" in n for n in names)
    assert svc.backups(app)[-1] == collection
