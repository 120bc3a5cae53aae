"""JSON export/import round trips every table; backup, restore and the daily backup."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import BigInteger, Boolean, DateTime, Float, Integer, Table, insert, select

from prep.app import App
from prep.core.errors import PrepError
from prep.services.backup import auto_backup, backups, restore, take_backup
from prep.services.json_backup import (
    export_backup,
    import_backup,
    read_json_backup,
    write_json_backup,
)
from prep.services.sync import sync_decks
from prep.store.migrate import HEAD
from prep.store.models import Base, StoryRow
from tests.conftest import _postgres_schema_url


def _value(table: Table, column: Any, i: int) -> Any:
    """A distinct, valid value for any column, so every table gets real rows."""
    if column.foreign_keys:
        return 1 + i % 2  # the referenced table has rows 1 and 2 (sorted_tables order)
    kind = column.type
    if isinstance(kind, Boolean):
        return i % 2 == 0
    if isinstance(kind, (Integer, BigInteger)):
        return 1000 + i
    if isinstance(kind, Float):
        return 0.1 + i / 3
    if isinstance(kind, DateTime):
        return datetime(2026, 3, 1, 9, 30, 15, 123456) + timedelta(days=i)
    text = f"{i} ✓ {table.name}.{column.name}"
    return text[: getattr(kind, "length", None) or len(text)]


def fill_every_table(app: App) -> None:
    """Two rows in every table of the metadata, keys 1 and 2: new tables are covered too."""
    with app.engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            rows = []
            for i in range(2):
                row = {c.name: _value(table, c, i) for c in table.columns}
                row[next(iter(table.primary_key.columns)).name] = i + 1
                rows.append(row)
            conn.execute(insert(table), rows)


def table_rows(app: App) -> dict[str, list[dict[str, Any]]]:
    data = export_backup(app)
    tables: dict[str, list[dict[str, Any]]] = data["tables"]
    return tables


@pytest.fixture
def other(app: App, db_url: str | None, tmp_path: Path) -> Iterator[App]:
    """An empty second collection of the same kind (SQLite file or PostgreSQL database)."""
    urls = iter([None]) if db_url is None else _postgres_schema_url()
    url = next(urls)
    home = tmp_path / "other-home"
    target = App(home=home, db_url=url, clock=app.clock, rng=random.Random(1))
    yield target
    if "engine" in target.__dict__:
        target.engine.dispose()
    for _ in urls:  # drops the PostgreSQL database
        pass


def test_round_trip_restores_every_table_and_the_files(
    app: App, other: App, tmp_path: Path
) -> None:
    fill_every_table(app)
    (app.home / "decks").mkdir(exist_ok=True)
    (app.home / "decks" / "mine.md").write_text("## mine-1\nQ: q\nA: a\n", encoding="utf-8")
    app.config_path.write_text("[scheduling]\nday_starts_at = 5\n", encoding="utf-8")
    path = tmp_path / "backup.json"
    counts = write_json_backup(app, path)
    assert set(counts) == {t.name for t in Base.metadata.sorted_tables}
    assert all(n == 2 for n in counts.values())
    data = read_json_backup(path)
    assert data["format"] == "prep-backup" and data["version"] == 2 and data["schema"] == HEAD
    assert data["tables"]["stories"][0]["created_at"] == "2026-03-01T09:30:15.123456Z"
    assert data["files"] == {
        "config.toml": "[scheduling]\nday_starts_at = 5\n",
        "decks/mine.md": "## mine-1\nQ: q\nA: a\n",
    }

    imported = import_backup(other, data, source=str(path))
    assert imported == counts
    assert table_rows(other) == table_rows(app)
    assert (other.home / "decks" / "mine.md").read_text(
        encoding="utf-8"
    ) == "## mine-1\nQ: q\nA: a\n"
    assert other.config_path.read_text(encoding="utf-8").startswith("[scheduling]")
    # Keys continue after the restored ones (PostgreSQL sequences were reset).
    with other.uow(write=True) as uow:
        now = datetime(2026, 3, 5)
        uow.session.add(StoryRow(title="new", created_at=now, updated_at=now))
        uow.commit()
    with other.engine.connect() as conn:
        assert conn.execute(select(StoryRow.id).order_by(StoryRow.id)).scalars().all() == [1, 2, 3]


def test_paths_in_the_old_home_move_to_the_new_one(app: App, other: App, tmp_path: Path) -> None:
    sync_decks(app)
    data = export_backup(app)
    data["tables"]["notes"][0]["path"] = str(app.home / "decks" / "mine.md")
    import_backup(other, data)
    with other.engine.connect() as conn:
        from prep.store.models import NoteRow

        paths = conn.execute(select(NoteRow.path).order_by(NoteRow.id)).scalars().all()
    assert paths[0] == str(other.home / "decks" / "mine.md")
    assert paths[1] == data["tables"]["notes"][1]["path"]  # outside the home: unchanged


def test_import_into_a_non_empty_collection_is_refused(app: App, other: App) -> None:
    sync_decks(app)
    data = export_backup(app)
    sync_decks(other)
    with pytest.raises(
        PrepError,
        match=r"is not empty; import a backup into a new home, e\.g\. prep --home NEW_DIR import",
    ):
        import_backup(other, data)


def test_backup_from_a_newer_schema_is_refused(app: App, tmp_path: Path) -> None:
    data = export_backup(app)
    data["schema"] = "9999"
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PrepError, match=r"schema revision 9999, written by a newer prep"):
        read_json_backup(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"bad\.json:1: not valid JSON"),
        ('{"format": "other"}', r"not a prep backup"),
        ('{"format": "prep-backup", "version": 3}', r"format version 3 is newer"),
    ],
)
def test_bad_backup_files_are_clear(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PrepError, match=message):
        read_json_backup(path)


def _stories(app: App) -> list[str]:
    with app.engine.connect() as conn:
        return list(conn.execute(select(StoryRow.title).order_by(StoryRow.id)).scalars())


def _add_story(app: App, title: str) -> None:
    with app.uow(write=True) as uow:
        now = app.now().replace(tzinfo=None)
        uow.session.add(StoryRow(title=title, created_at=now, updated_at=now))
        uow.commit()


def test_restore_backs_up_the_current_state_first(app: App, clock: Any, db_url: str | None) -> None:
    _add_story(app, "kept")
    first = take_backup(app)
    assert first.parent == app.home / "backups"
    assert first.suffix == (".db" if db_url is None else ".json")
    assert first.name == "prep-20260302T120000Z" + first.suffix
    clock.advance(minutes=5)
    _add_story(app, "lost by the restore")
    source, safety = restore(app)  # the newest backup
    assert source == first
    assert safety.name == "prep-20260302T120500Z-before-restore" + first.suffix
    assert _stories(app) == ["kept"]
    # The safety backup holds the state the restore replaced; restoring it brings it back.
    clock.advance(minutes=5)
    restore(app, safety)
    assert _stories(app) == ["kept", "lost by the restore"]


def test_restore_from_json_into_sqlite(app: App, db_url: str | None, tmp_path: Path) -> None:
    if db_url is not None:
        pytest.skip("a server database restores JSON in place (covered above)")
    sync_decks(app)
    _add_story(app, "from json")
    path = tmp_path / "b.json"
    write_json_backup(app, path)
    before = table_rows(app)
    _add_story(app, "after")
    restore(app, path)
    assert table_rows(app) == before
    db = app.home / "prep.db"
    assert not (app.home / ".prep.db.restore").exists()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_restore_refuses_a_file_that_is_not_a_database(
    app: App, db_url: str | None, tmp_path: Path
) -> None:
    if db_url is not None:
        pytest.skip("SQLite files only")
    _add_story(app, "safe")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(PrepError, match=r"junk\.db is not a usable SQLite database"):
        restore(app, junk)
    assert _stories(app) == ["safe"]


def test_daily_backup_runs_once_per_study_day(app: App, clock: Any) -> None:
    assert auto_backup(app) is None  # an empty collection is not worth a backup
    _add_story(app, "s")
    made = auto_backup(app)
    assert made is not None and backups(app) == [made]
    clock.advance(hours=3)
    assert auto_backup(app) is None
    clock.advance(days=1)
    assert auto_backup(app) is not None and len(backups(app)) == 2


def test_daily_backups_rotate(app: App, clock: Any) -> None:
    _add_story(app, "s")
    for _ in range(30):
        assert auto_backup(app) is not None
        clock.advance(days=1)
    # 2-31 Mar: the 7 newest days (25-31, the newest of two ISO weeks) plus the newest of
    # the two weeks before them (Sundays 15 and 22 Mar).
    days = [p.name[11:13] for p in backups(app)]
    assert days == ["15", "22", "25", "26", "27", "28", "29", "30", "31"]


def test_import_refuses_to_overwrite_a_different_file(app: App, other: App) -> None:
    app.config_path.write_text("[scheduling]\nday_starts_at = 5\n", encoding="utf-8")
    data = export_backup(app)
    other.home.mkdir(parents=True, exist_ok=True)
    other.config_path.write_text("[scheduling]\nday_starts_at = 6\n", encoding="utf-8")
    with pytest.raises(PrepError, match=r"config\.toml already exists with other content"):
        import_backup(other, data)
    assert other.config_path.read_text(encoding="utf-8").endswith("= 6\n")


def test_restore_refuses_a_database_from_a_newer_prep(
    app: App, db_url: str | None, tmp_path: Path
) -> None:
    if db_url is not None:
        pytest.skip("SQLite files only")
    _add_story(app, "safe")
    newer = take_backup(app)
    conn = sqlite3.connect(newer)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    with pytest.raises(PrepError, match=r"schema revision 9999, written by a newer prep"):
        restore(app, newer)
    assert _stories(app) == ["safe"]
