"""Set-at-a-time helpers for writing thousands of rows in a few statements (used by sync)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Table, Update
from sqlalchemy.orm import Session

CHUNK = 500  # values per IN (...) list, well under every backend's bound-parameter limit


def rows_in(s: Session, query: Any, column: Any, values: Sequence[Any]) -> Iterator[Row[Any]]:
    """Rows of `query` (a select) whose `column` (a column or mapped attribute) is one of
    `values`, asked in chunks of CHUNK values."""
    for start in range(0, len(values), CHUNK):
        yield from s.execute(query.where(column.in_(values[start : start + CHUNK])))


def update_in(s: Session, stmt: Update, column: ColumnElement[Any], values: Sequence[Any]) -> None:
    """Run `stmt` on the rows whose `column` is one of `values`, in chunks."""
    for start in range(0, len(values), CHUNK):
        s.execute(stmt.where(column.in_(values[start : start + CHUNK])))


def insert_many(s: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows with one executemany straight to the driver.

    SQLAlchemy's per-row parameter processing costs more than the inserts themselves, and the
    values here need none: every row has the same keys, all text, numbers, booleans or None.
    """
    if not rows:
        return
    conn = s.connection()
    quote = conn.dialect.identifier_preparer.quote
    columns = list(rows[0])
    for name in columns:
        if name not in table.c:
            raise ValueError(f"{table.name} has no column {name!r}")
    names = ", ".join(quote(name) for name in columns)
    if conn.dialect.paramstyle == "qmark":
        marks = ", ".join("?" for _ in columns)
        params: Sequence[Any] = [tuple(row[name] for name in columns) for row in rows]
    else:  # psycopg: pyformat
        marks = ", ".join(f"%({name})s" for name in columns)
        params = rows
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", params)
