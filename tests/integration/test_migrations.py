from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from prep.core.errors import PrepError
from prep.store import migrate
from prep.store.db import make_engine
from prep.store.models import Base


def test_revisions_match_the_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_current_head() == migrate.HEAD
    chain = [rev.revision for rev in script.walk_revisions()]
    assert tuple(reversed(chain)) == migrate.REVISIONS


def test_empty_database_migrates_to_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    assert migrate.ensure_schema(engine) == migrate.HEAD
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert migrate.current_revision(engine) == migrate.HEAD


def test_sqlite_is_tuned(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_write_unit_of_work_takes_the_lock_up_front(tmp_path: Path) -> None:
    from prep.store.db import UnitOfWork

    path = tmp_path / "p.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.ensure_schema(engine)
    with UnitOfWork(engine, write=True) as uow:
        uow.session.execute(text("SELECT 1"))
        other = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    before = path.read_bytes()
    with pytest.raises(PrepError, match="revision 9999, written by a newer prep; upgrade prep"):
        migrate.ensure_schema(make_engine(f"sqlite:///{path}"), backup_dir=tmp_path / "b")
    assert not (tmp_path / "b").exists()
    assert path.read_bytes() == before


def test_backup_copies_the_database(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.ensure_schema(engine)
    migrate._backup_sqlite(engine, tmp_path / "backups", "0001")
    (backup,) = (tmp_path / "backups").iterdir()
    check = create_engine(f"sqlite:///{backup}")
    with check.connect() as conn:
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.HEAD
        )


@pytest.mark.parametrize("start", migrate.REVISIONS[:-1])
def test_older_database_is_backed_up_then_migrated(tmp_path: Path, start: str) -> None:
    path = tmp_path / "p.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, start)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO stories (title, situation, task, action, result, competencies, created_at, updated_at) VALUES ('kept', '', '', '', '', '', '2026-01-01', '2026-01-01')"
            )
        )
    assert migrate.ensure_schema(engine, backup_dir=tmp_path / "backups") == migrate.HEAD
    (backup,) = (tmp_path / "backups").iterdir()
    assert f"rev{start}" in backup.name
    with create_engine(f"sqlite:///{backup}").connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == start
    with engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM stories")).scalar() == "kept"
        assert migrate.current_revision(engine) == migrate.HEAD
