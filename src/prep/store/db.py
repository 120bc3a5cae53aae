"""Engine and unit of work. SQLite is tuned for durability and concurrent use (DESIGN §2)."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session

from prep.core.errors import PrepError

BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, synchronous=NORMAL, foreign keys, a busy timeout."""
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _tune_sqlite(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise PrepError(
            f"database URL '{url}' is not usable ({exc}); use e.g. sqlite:////path/prep.db "
            "or postgresql+psycopg://user@host/dbname"
        ) from None
    except ModuleNotFoundError as exc:
        raise PrepError(
            f"database URL '{url}' needs the driver '{exc.name}'; install it with "
            "pip install 'prep[postgres]'"
        ) from None
    return engine


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        # The busy timeout first, so the WAL switch below waits for another opener.
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


class UnitOfWork:
    """One transaction. Writes take SQLite's write lock up front (BEGIN IMMEDIATE).

    Rolls back unless `commit()` was called.
    """

    def __init__(self, engine: Engine, write: bool = False) -> None:
        self.engine = engine
        self.write = write
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        bind = self.engine
        if self.write and self.engine.dialect.name == "sqlite":
            bind = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self.session = Session(bind=bind, expire_on_commit=False, autoflush=True)
        return self

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back anything uncommitted without expiring loaded objects.
        self.session.close()
