"""Is the SQLite collection healthy, and which backup is the newest good one?

A damaged database is reported at start with the newest backup that passes SQLite's own
check and the command that restores it; the damaged file is never modified.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from prep.core.backups import parse_backup_name

SQLITE_HEADER = b"SQLite format 3\x00"
# What SQLite says when a file is not a database or its pages are damaged.
_DAMAGE = (
    "file is not a database",
    "database disk image is malformed",
    "malformed database schema",
    "file is encrypted or is not a database",
)
DAMAGED_TAG = "damaged"


def is_damage(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(marker in text for marker in _DAMAGE)


def header_problem(path: Path) -> str | None:
    """A cheap check for every start: a non-empty file must begin with SQLite's header."""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if head and head != SQLITE_HEADER:
        return "is not an SQLite database (its header is wrong)"
    return None


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the database file `path` (never creates a file). The path
    goes into the URI percent-encoded: a `#`, `?` or `%` in it would otherwise end the path
    and open, or create, another file."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def sqlite_problem(path: Path) -> str | None:
    """None when `path` is a readable SQLite database passing PRAGMA quick_check."""
    problem = header_problem(path)
    if problem is not None:
        return problem
    try:
        conn = open_read_only(path)
    except sqlite3.Error as exc:
        return f"cannot be opened ({exc})"
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as exc:
        return f"fails SQLite's check ({exc})"
    finally:
        conn.close()
    if row is None or row[0] != "ok":
        return f"fails SQLite's check ({row[0] if row else 'no answer'})"
    return None


def newest_good_backup(folder: Path) -> Path | None:
    """The most recent backup in `folder` that passes the check (JSON backups are trusted)."""
    if not folder.is_dir():
        return None
    found = []
    for path in folder.iterdir():
        name = parse_backup_name(path.name)
        if name is not None and DAMAGED_TAG not in name.suffix and path.is_file():
            found.append((name.taken_at, name.name, path))
    for _, _, path in sorted(found, reverse=True):
        if path.suffix == ".json" or sqlite_problem(path) is None:
            return path
    return None


def damaged_message(db_path: Path, detail: str, backups: Path) -> str:
    good = newest_good_backup(backups)
    if good is None:
        advice = (
            f"no good backup was found in {backups}; keep a copy of the file and try "
            f"`sqlite3 {db_path} .recover`"
        )
    else:
        advice = f"the newest good backup is {good}; restore it with: prep restore {good}"
    return f"the database {db_path} is damaged: {detail}. It was left untouched; {advice}"
