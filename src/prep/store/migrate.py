"""Bring a database to the current schema; refuse one from a newer prep untouched."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from prep.core.errors import PrepError
from prep.store.revisions import HEAD, REVISIONS

__all__ = ["HEAD", "MIGRATIONS_DIR", "REVISIONS", "current_revision", "ensure_schema", "upgrade"]
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def ensure_schema(engine: Engine, backup_dir: Path | None = None) -> str:
    """Migrate to HEAD when needed; return the revision now in place.

    On SQLite the first connection (which switches the file to WAL) and any migration happen
    under a file lock, so processes opening a new collection at once take turns.
    """
    if engine.dialect.name != "sqlite" and current_revision(engine) == HEAD:
        return HEAD
    with _migration_lock(engine):
        return _migrate(engine, backup_dir)


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One process migrates at a time; the others wait, then find the schema current."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        import fcntl

        with open(f"{engine.url.database}.migrate.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    elif engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(7072657001)"))
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(7072657001)"))
                conn.commit()
    else:
        yield


def _migrate(engine: Engine, backup_dir: Path | None) -> str:
    revision = current_revision(engine)
    if revision == HEAD:
        return HEAD
    if revision is not None and revision not in REVISIONS:
        raise PrepError(
            f"the database at {engine.url.render_as_string(hide_password=True)} has schema "
            f"revision {revision}, written by a newer prep; upgrade prep "
            "(pip install -U prep). The database was not changed."
        )
    if revision is not None and backup_dir is not None and engine.dialect.name == "sqlite":
        _backup_sqlite(engine, backup_dir, revision)
    upgrade(engine)
    return HEAD


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
        conn.commit()


def _backup_sqlite(engine: Engine, backup_dir: Path, revision: str) -> None:
    db_path = engine.url.database
    if not db_path or db_path == ":memory:":
        return
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"prep-{stamp}-rev{revision}.db"
    import sqlite3

    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    shutil.copystat(db_path, target)
