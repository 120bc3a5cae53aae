"""Files that go with a database commit: journaled in the transaction, written after it.

An import records every file it will write (a deck file's text, or a media file unpacked
beforehand into a staging folder) in `file_journal`, in the same transaction as its notes and
review logs. After the commit the files are written atomically (temporary file, fsync, rename)
and the rows deleted. A kill in between leaves the rows, and the next start writes the files
again before anything reads the decks, so the database and the files never disagree for long
and nothing committed is lost. Writes hold the database's write lock, so two processes never
interleave an older and a newer version of one file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session

from prep.core.errors import PrepError
from prep.files import TEMP_SUFFIX, digest_or_none, sha256_of, sync_dir, write_atomic
from prep.store.db import UnitOfWork
from prep.store.models import FileJournalRow

STAGING = ".staging"
LOCK_NAME = ".lock"
COMMITTING = ".committing"
JOURNAL_LOCK_KEY = 0x70726570_6A  # PostgreSQL advisory lock: one journal writer at a time
ORPHAN_AGE_S = 3600  # a staging folder without its lock file is left alone this long


@dataclass(frozen=True)
class PendingFile:
    """One file to write: its absolute path (inside the home) and text or staged bytes."""

    path: Path
    content: str | None = None
    staged: Path | None = None
    sha256: str = ""

    @classmethod
    def text(cls, path: Path, content: str) -> PendingFile:
        return cls(path, content=content, sha256=sha256_of(content.encode("utf-8")))


def home_key(home: Path) -> str:
    return str(home.resolve())


class Staging:
    """A private folder under PREP_HOME/.staging for bytes written before the commit.

    It is locked while in use, so another process's clean-up never removes it; after the
    files were moved into place (or the import failed) it is removed on exit.
    """

    def __init__(self, home: Path) -> None:
        self.home = home.resolve()
        self.folder = self.home / STAGING / uuid.uuid4().hex
        self._lock: int | None = None
        self._count = 0

    def __enter__(self) -> Staging:
        import fcntl  # POSIX only, like the migration lock: imported when staging starts

        self.folder.mkdir(parents=True)
        self._lock = os.open(self.folder / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        return self

    def stage(self, data: bytes, target: Path) -> PendingFile:
        """Write `data` durably into the staging folder; the pending move to `target`."""
        self._count += 1
        path = self.folder / str(self._count)
        with open(path, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        return PendingFile(target, staged=path, sha256=sha256_of(data))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._lock is not None:
            # Files still here belong to journal rows not yet applied: the next start moves
            # them, so the folder is kept (unlocked) in that case.
            leftover = [p for p in self.folder.iterdir() if p.name not in (LOCK_NAME, COMMITTING)]
            if not leftover or not _journal_refers_to(self.folder):
                shutil.rmtree(self.folder, ignore_errors=True)
            os.close(self._lock)
            self._lock = None

    def mark_committing(self) -> None:
        """Call just before the commit: from then on journal rows may refer to these files,
        so __exit__ keeps any not yet moved for the next start (which removes the folder)."""
        (self.folder / COMMITTING).touch()


def _journal_refers_to(folder: Path) -> bool:
    return (folder / COMMITTING).exists()


def record(session: Session, home: Path, files: list[PendingFile], now: datetime) -> None:
    """Add the files (paths under `home.resolve()`) to the journal, in the caller's transaction."""
    base = home.resolve()
    key = home_key(home)
    stamp = now.replace(tzinfo=None)
    for item in files:
        staged = item.staged.relative_to(base).as_posix() if item.staged else None
        session.add(
            FileJournalRow(
                home=key,
                path=item.path.relative_to(base).as_posix(),
                content=item.content,
                staged=staged,
                sha256=item.sha256,
                created_at=stamp,
            )
        )


def apply_pending(engine: Engine, home: Path) -> list[str]:
    """Write the journaled files of this home and delete their rows; return warnings.

    Raises PrepError when a file cannot be written (the rows stay for the next try).
    """
    key = home_key(home)
    with engine.connect() as conn:
        waiting = conn.execute(
            select(FileJournalRow.id).where(FileJournalRow.home == key).limit(1)
        ).first()
    warnings: list[str] = []
    if waiting is not None:
        with UnitOfWork(engine, write=True) as uow:
            s = uow.session
            if engine.dialect.name == "postgresql":
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": JOURNAL_LOCK_KEY})
            rows = list(
                s.scalars(
                    select(FileJournalRow)
                    .where(FileJournalRow.home == key)
                    .order_by(FileJournalRow.id)
                )
            )
            for row in rows:
                warning = _apply(home.resolve(), row)
                if warning:
                    warnings.append(warning)
            if rows:
                s.execute(delete(FileJournalRow).where(FileJournalRow.id.in_([r.id for r in rows])))
            uow.commit()
    _clean_staging(home.resolve())
    return warnings


def _inside(base: Path, relative: str) -> Path | None:
    """`base / relative` when `relative` is a plain relative path (no '..', not absolute)."""
    rel = Path(relative)
    if not relative or rel.is_absolute() or ".." in rel.parts:
        return None
    return base / rel


def _apply(base: Path, row: FileJournalRow) -> str | None:
    target = _inside(base, row.path)
    if target is None:
        return f"skipped a journaled write outside the data directory: {row.path}"
    try:
        _remove_temps(target)
        if row.content is not None:
            data = row.content.encode("utf-8")
            if digest_or_none(target) != row.sha256:
                write_atomic(target, data)
            return None
        staged = _inside(base, row.staged or "")
        if staged is not None and staged.is_file():
            _move_into_place(staged, target)
            return None
        if digest_or_none(target) == row.sha256:
            return None  # another process moved it already
        return (
            f"the file {target} from an earlier import is lost: its unpacked copy "
            f"{row.staged} is gone; import the package again to restore it"
        )
    except OSError as exc:
        raise PrepError(
            f"cannot write {target} for an earlier import ({exc.strerror or exc}); free disk "
            "space or fix the permissions, then run prep again"
        ) from None


def _move_into_place(staged: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(staged, target)
    except OSError as exc:
        if exc.errno != 18:  # EXDEV: the staging folder is on another file system
            raise
        write_atomic(target, staged.read_bytes())
        staged.unlink()
    sync_dir(target.parent)


def _remove_temps(target: Path) -> None:
    """Temporary files a killed write left beside `target`."""
    if not target.parent.is_dir():
        return
    for leftover in target.parent.glob(f".{_glob_escape(target.name)}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _clean_staging(base: Path) -> None:
    """Remove staging folders of imports that died before their commit."""
    root = base / STAGING
    if not root.is_dir():
        return
    import fcntl

    for folder in _children(root):
        lock = folder / LOCK_NAME
        if not lock.exists():
            with contextlib.suppress(OSError):
                if time.time() - folder.stat().st_mtime > ORPHAN_AGE_S:
                    shutil.rmtree(folder, ignore_errors=True)
            continue
        try:
            fd = os.open(lock, os.O_RDWR)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # an import is using it right now
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)
    with contextlib.suppress(OSError):
        root.rmdir()


def _children(root: Path) -> Iterator[Path]:
    try:
        yield from (p for p in root.iterdir() if p.is_dir())
    except OSError:
        return
