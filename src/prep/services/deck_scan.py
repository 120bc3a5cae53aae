"""Finding deck files, and telling without SQLAlchemy that a sync has nothing to do.

Every command that shows cards syncs the deck folders first. On most runs nothing changed,
and finding that out should not cost the SQLAlchemy import that a real sync needs: on the
default SQLite collection `settled_sync` compares the files on disk with what the last sync
recorded, through the stdlib sqlite3 module (prep.store.reads), and says whether a sync
would change anything.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from prep.store.reads import lite_reader

if TYPE_CHECKING:
    from prep.app import App

# Bump when the parser's output changes, so every file is parsed again once.
PARSER_VERSION = "p2"
# The settings key under which a sync records the deck folders it found (a JSON list).
ROOTS_KEY = "sync.roots"


@dataclass
class SyncReport:
    files_seen: int = 0
    files_parsed: int = 0
    notes_added: int = 0
    notes_updated: int = 0
    notes_removed: int = 0
    notes_restored: int = 0
    cards_added: int = 0
    errors: list[str] = field(default_factory=list)
    missing_dirs: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.notes_added or self.notes_updated or self.notes_removed or self.notes_restored
        )


def deck_files(roots: list[Path]) -> list[tuple[Path, Path]]:
    """(root, file) for every Markdown deck file under the roots; READMEs and dot-dirs skipped."""
    found: list[tuple[Path, Path]] = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if (
                    name.endswith(".md")
                    and name.lower() != "readme.md"
                    and not name.startswith(".")
                ):
                    found.append((root, Path(dirpath) / name))
    return found


def present_dirs(app: App) -> tuple[list[Path], list[str]]:
    """The configured deck folders that exist, and the missing ones worth a warning."""
    roots = app.deck_dirs()
    present = [r for r in roots if r.is_dir()]
    missing = [str(r) for r in roots if not r.is_dir() and r != app.user_deck_dir]
    return present, missing


def roots_value(present: list[Path]) -> str:
    return json.dumps(sorted(str(r) for r in present))


def as_recorded(
    recorded_root: str, size: int, mtime_ns: int, content_hash: str, root: Path, st: os.stat_result
) -> bool:
    """Whether a deck file is as the last sync recorded it (same folder, size and mtime,
    parsed by this parser version), so it need not be read again."""
    return (
        recorded_root == str(root)
        and (size, mtime_ns) == (st.st_size, st.st_mtime_ns)
        and content_hash.startswith(PARSER_VERSION + ":")
    )


def settled_sync(app: App) -> SyncReport | None:
    """The report of a sync that would change nothing, or None when a sync must run (or the
    collection cannot be read without SQLAlchemy).

    Nothing changes when the deck folders are the ones the last sync found (so no note's
    availability moves), every deck file has the size and modification time recorded for
    it, parsed by this parser version, and no recorded file under those folders is gone."""
    with lite_reader(app) as reader:
        if reader is None:
            return None
        present, missing = present_dirs(app)
        recorded = reader.rows("SELECT value FROM settings WHERE key = :key", {"key": ROOTS_KEY})
        if not recorded or recorded[0][0] != roots_value(present):
            return None
        known = {
            str(path): (str(root), size, mtime_ns, str(digest), error)
            for path, root, size, mtime_ns, digest, error in reader.rows(
                "SELECT path, root, size, mtime_ns, content_hash, error FROM deck_files"
            )
        }
    report = SyncReport(missing_dirs=missing)
    files = deck_files(present)
    report.files_seen = len(files)
    seen: set[str] = set()
    for root, path in files:
        try:
            st = path.stat()
        except OSError:
            return None
        row = known.get(str(path))
        if row is None or not as_recorded(row[0], row[1], row[2], row[3], root, st):
            return None
        seen.add(str(path))
        if row[4]:
            report.errors.append(str(row[4]))
    roots = {str(r) for r in present}
    if any(path not in seen and row[0] in roots for path, row in known.items()):
        return None  # a deck file was deleted
    return report
