"""Read-only SQL for the daily commands, on either connection prep has.

`prep today`, `prep due` and the REPL's first screen are timed at 100k cards (DESIGN §7:
today's queue no slower than Anki's, the agenda within 300 ms). Importing SQLAlchemy and
declaring the models costs about 250 ms, most of that budget, so the queries these commands
run are plain SQL text, written once, and run through a `Reader`:

- on the default SQLite collection at the current schema, a stdlib `sqlite3` connection
  (`prep.store.lite.LiteStore.open`), so SQLAlchemy is never imported;
- anywhere else (PostgreSQL, a first run, a pending migration or file journal), the
  SQLAlchemy session of a unit of work, through `text()`.

Both take `:name` parameters. Datetimes go in through `Reader.when` and come back through
`utc`: SQLite holds naive-UTC text (as SQLAlchemy writes it), PostgreSQL naive-UTC
timestamps. Booleans are compared with TRUE/FALSE, which both understand.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from prep.store.lite import LiteStore, to_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from prep.app import App

Row = tuple[Any, ...]


class Reader(Protocol):
    sqlite: bool  # SQLite takes index hints (`hint`); PostgreSQL does not

    def rows(self, sql: str, params: Mapping[str, object] | None = None) -> list[Row]: ...

    def when(self, dt: datetime | None) -> object:
        """A datetime as a query parameter, in the form the column holds."""
        ...


class SqliteReader:
    """Reads through the stdlib sqlite3 module (no SQLAlchemy)."""

    sqlite = True

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Mapping[str, object] | None = None) -> list[Row]:
        return self.conn.execute(sql, params or {}).fetchall()

    def when(self, dt: datetime | None) -> object:
        return to_text(dt)


class SessionReader:
    """Reads through a SQLAlchemy session (any database prep supports)."""

    def __init__(self, session: Session) -> None:
        from sqlalchemy import text

        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self._text = text

    def rows(self, sql: str, params: Mapping[str, object] | None = None) -> list[Row]:
        return [tuple(r) for r in self.session.execute(self._text(sql), dict(params or {}))]

    def when(self, dt: datetime | None) -> object:
        if dt is None:
            return None
        naive = dt.astimezone(UTC).replace(tzinfo=None)
        return to_text(dt) if self.sqlite else naive


def utc(value: object) -> datetime | None:
    """A datetime column's value (SQLite text or a naive-UTC datetime) as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def utc_at(value: object) -> datetime:
    """`utc` of a column that is never NULL."""
    out = utc(value)
    if out is None:
        raise ValueError("a time the collection always records is missing")
    return out


def hint(reader: Reader, clause: str) -> str:
    """An index clause (`INDEXED BY name`, `NOT INDEXED`) on SQLite, else ''.

    Without statistics SQLite's planner takes `active = TRUE` for a selective test and picks
    an index on it over a better one; these clauses say which to use."""
    return clause if reader.sqlite else ""


def in_list(name: str, values: Sequence[object]) -> tuple[str, dict[str, object]]:
    """`(:name0, :name1, …)` and its parameters, for `column IN …` (never empty: NULL)."""
    if not values:
        return "(NULL)", {}
    params = {f"{name}{i}": v for i, v in enumerate(values)}
    return "(" + ", ".join(f":{k}" for k in params) + ")", params


def chunks(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@contextmanager
def lite_reader(app: App) -> Iterator[SqliteReader | None]:
    """A sqlite3 reader on one read snapshot, or None when the SQLAlchemy path must open the
    collection (a server, no database yet, another schema, files an import left to write)."""
    store = LiteStore.open(app.home, app.db_url)
    if store is None:
        yield None
        return
    try:
        store.conn.execute("BEGIN")
        pending = store.conn.execute("SELECT 1 FROM file_journal LIMIT 1").fetchone()
        yield None if pending is not None else SqliteReader(store.conn)
    finally:
        store.close()


@contextmanager
def reading(app: App) -> Iterator[Reader]:
    """One consistent read of the collection: sqlite3 when it can, else SQLAlchemy."""
    with lite_reader(app) as lite:
        if lite is not None:
            yield lite
            return
    with app.uow() as uow:
        yield SessionReader(uow.session)


def fitted_rows(reader: Reader) -> dict[str, str]:
    """Every stored fitted-parameters value by settings key (prep.core.parameters)."""
    from prep.core.parameters import SETTINGS_KEY

    rows = reader.rows(
        "SELECT key, value FROM settings WHERE key = :key OR key LIKE :prefix",
        {"key": SETTINGS_KEY, "prefix": f"{SETTINGS_KEY}:%"},
    )
    return {str(key): str(value) for key, value in rows}
