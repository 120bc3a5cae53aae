"""Backups of the collection: SQLite file copies, daily backups and rotation, restore.

The JSON backup (export/import of everything as one document) is prep.services.json_backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from prep.app import App, sqlite_url
from prep.core.backups import (
    backup_name,
    names_to_delete,
    parse_backup_name,
)
from prep.core.errors import BackupError, DamagedDatabaseError
from prep.services.json_backup import (
    backup_targets,
    collection_is_empty,
    import_backup,
    read_json_backup,
    write_json_backup,
)
from prep.store.health import DAMAGED_TAG, damaged_message, open_read_only, sqlite_problem
from prep.store.migrate import HEAD, REVISIONS


def backups(app: App) -> list[Path]:
    """prep's backup files, oldest first."""
    folder = app.backup_dir
    if not folder.is_dir():
        return []
    found = [(parse_backup_name(p.name), p) for p in folder.iterdir() if p.is_file()]
    ordered = sorted(
        (b.taken_at, b.name, p) for b, p in found if b is not None and DAMAGED_TAG not in b.suffix
    )
    return [p for _, _, p in ordered]


def take_backup(app: App, tag: str = "") -> Path:
    """Back up the collection now: an SQLite online backup, or the JSON backup on a server."""
    folder = app.backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    db_path = app.sqlite_path
    if db_path is not None:
        _ = app.engine  # a damaged database is reported here, before anything is copied
    target = folder / backup_name(app.now(), "db" if db_path else "json", tag)
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{target.stem}-{n}{target.suffix}")
    if db_path is None:
        write_json_backup(app, target)
        return target
    tmp = target.with_name(f".{target.name}.tmp")
    _sqlite_copy(db_path, tmp)
    os.replace(tmp, target)
    return target


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (sqlite3's online backup API)."""
    src = open_read_only(source)
    try:
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
    except sqlite3.DatabaseError as exc:
        target.unlink(missing_ok=True)
        raise BackupError(f"{source} is not a usable SQLite database: {exc}") from None
    finally:
        src.close()


def rotate(app: App) -> list[Path]:
    """Delete the plain backups that rotation drops (7 daily + 4 weekly); return them."""
    folder = app.backup_dir
    dropped = [folder / name for name in names_to_delete(p.name for p in backups(app))]
    for path in dropped:
        path.unlink(missing_ok=True)
    return dropped


def auto_backup(app: App) -> Path | None:
    """The first run of each study day backs up a non-empty collection. Cheap otherwise."""
    if app.backed_up_today():
        return None
    if collection_is_empty(app.engine):
        return None
    path = take_backup(app)
    problem = sqlite_problem(path) if path.suffix == ".db" else None
    if problem is not None:
        # Keep it for inspection, out of rotation and never offered for a restore.
        os.replace(path, path.with_name(backup_name(app.now(), "db", DAMAGED_TAG)))
        db_path = app.sqlite_path
        assert db_path is not None
        raise BackupError(damaged_message(db_path, f"today's copy of it {problem}", app.backup_dir))
    rotate(app)
    return path


def restore(app: App, source: Path | None = None) -> tuple[Path, Path]:
    """Replace the collection with a backup (default: the newest); return (source, safety copy).

    The current state is backed up first. On SQLite the new database is built in a temp file
    and swapped in with os.replace, so a crash leaves the old or the new one, never a mix.
    """
    if source is None:
        found = backups(app)
        if not found:
            raise BackupError(f"no backups in {app.backup_dir}; make one with prep backup")
        source = found[-1]
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    is_json = source.suffix == ".json"
    data = read_json_backup(source) if is_json else None
    if data is not None:
        backup_targets(app, data, str(source))  # a bad entry refuses the restore up front
    db_path = app.sqlite_path
    if db_path is None and data is None:
        raise BackupError(
            f"{source} is an SQLite file; a server database restores from a JSON backup "
            "(prep export --json FILE)"
        )
    try:
        safety = take_backup(app, tag="before-restore")
    except (BackupError, DamagedDatabaseError):
        if db_path is None:
            raise
        safety = _raw_copy(app, db_path)
    if db_path is None:
        assert data is not None
        import_backup(app, data, source=str(source), replace=True)
        return source, safety
    tmp = db_path.with_name(f".{db_path.name}.restore")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        if data is not None:
            _build_from_json(app, data, tmp, str(source))
        else:
            _sqlite_copy(source, tmp)
            _check_sqlite(tmp, source)
        _swap_in(app, tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
    return source, safety


def _build_from_json(app: App, data: dict[str, Any], tmp: Path, source: str) -> None:
    fresh = App(home=app.home, db_url=sqlite_url(tmp), clock=app.clock)
    try:
        import_backup(fresh, data, source=source, replace=True)
        with fresh.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        if "engine" in fresh.__dict__:
            fresh.engine.dispose()


def _check_sqlite(path: Path, source: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()
        has_version = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
        ).fetchone()
        row = (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if has_version
            else None
        )
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a usable prep database: {exc}") from None
    finally:
        conn.close()
    if not ok or ok[0] != "ok":
        raise BackupError(f"{source} fails SQLite's integrity check: {ok}")
    if row is None:
        raise BackupError(f"{source} is not a prep database (no schema revision)")
    if row[0] not in REVISIONS:
        raise BackupError(
            f"{source} has schema revision {row[0]}, written by a newer prep (this prep: {HEAD}); "
            "upgrade prep (pip install -U prep)"
        )


def _raw_copy(app: App, db_path: Path) -> Path:
    """A damaged database cannot be backed up through SQLite: copy its files as they are."""
    folder = app.backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / backup_name(app.now(), "db", DAMAGED_TAG)
    shutil.copy2(db_path, target)
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        shutil.copy2(wal, Path(f"{target}-wal"))
    return target


def _swap_in(app: App, tmp: Path, db_path: Path) -> None:
    """Close the current database, fold its WAL in, then atomically replace the file."""
    if "engine" in app.__dict__:
        app.engine.dispose()
        del app.__dict__["engine"]
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError:
        pass  # a damaged file: its WAL was copied aside with it and is dropped below
    finally:
        conn.close()
    # A stale WAL would be replayed onto the new file: after the checkpoint it is empty.
    for side in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        side.unlink(missing_ok=True)
    os.replace(tmp, db_path)
