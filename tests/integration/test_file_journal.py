"""The journal of files that go with a commit (prep.store.journal): replay on the next start."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from prep.app import App
from prep.core.errors import PrepError
from prep.files import sha256_of
from prep.store import journal
from prep.store.models import FileJournalRow

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def pending(app: App, *files: journal.PendingFile) -> None:
    with app.uow(write=True) as uow:
        journal.record(uow.session, app.home, list(files), NOW)
        uow.commit()


def rows(app: App) -> int:
    with app.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(FileJournalRow)) or 0


def reopen(app: App) -> App:
    """A new process's App on the same collection: opening it replays the journal."""
    app.engine.dispose()
    fresh = App(home=app.home, db_url=app.db_url)
    assert fresh.engine is not None
    return fresh


@pytest.fixture
def app(isolated_env: Path, db_url: str | None) -> Iterator[App]:
    application = App(home=isolated_env, db_url=db_url)
    assert application.engine is not None
    yield application
    application.engine.dispose()


def test_pending_text_and_staged_files_are_written_on_the_next_start(app: App) -> None:
    base = app.home.resolve()
    deck = base / "decks" / "anki" / "a.md"
    with journal.Staging(app.home) as staging:
        media = staging.stage(b"\x89PNG data", base / "decks" / "media" / "a.png")
        pending(app, journal.PendingFile.text(deck, "## a\nQ: q\nA: a\n"), media)
        staging.mark_committing()
    # Killed before writing: the rows and the staged copy are still there.
    (deck.parent).mkdir(parents=True)
    (deck.parent / ".a.md.1234abcd.prep-tmp").write_text("half")
    assert rows(app) == 2 and media.staged is not None and media.staged.exists()

    fresh = reopen(app)

    assert deck.read_text() == "## a\nQ: q\nA: a\n"
    assert (base / "decks" / "media" / "a.png").read_bytes() == b"\x89PNG data"
    assert rows(fresh) == 0 and fresh.journal_warnings == []
    assert list(base.rglob("*.prep-tmp")) == [] and not (base / ".staging").exists()
    fresh.engine.dispose()


def test_a_file_already_written_is_not_rewritten(app: App) -> None:
    target = app.home.resolve() / "decks" / "same.md"
    target.parent.mkdir(parents=True)
    target.write_text("same\n")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    pending(app, journal.PendingFile.text(target, "same\n"))
    fresh = reopen(app)
    assert target.stat().st_mtime_ns == 1_000_000_000 and rows(fresh) == 0
    fresh.engine.dispose()


def test_unsafe_or_lost_entries_are_dropped_with_a_warning(app: App) -> None:
    with app.uow(write=True) as uow:
        for path, staged in (("../outside.md", None), ("decks/media/lost.png", ".staging/x/1")):
            uow.session.add(
                FileJournalRow(
                    home=journal.home_key(app.home), path=path, staged=staged,
                    content="x" if staged is None else None, sha256="0" * 64,
                    created_at=NOW.replace(tzinfo=None),
                )
            )  # fmt: skip
        uow.commit()
    fresh = reopen(app)
    assert fresh.journal_warnings == [
        "skipped a journaled write outside the data directory: ../outside.md",
        f"the file {fresh.home.resolve() / 'decks/media/lost.png'} from an earlier import is "
        "lost: its unpacked copy .staging/x/1 is gone; import the package again to restore it",
    ]
    assert not (app.home.parent / "outside.md").exists() and rows(fresh) == 0
    fresh.engine.dispose()


def test_rows_of_another_home_are_left_alone(app: App, tmp_path: Path) -> None:
    other = tmp_path / "other-home"
    with app.uow(write=True) as uow:
        uow.session.add(
            FileJournalRow(
                home=str(other), path="decks/x.md", content="x", staged=None,
                sha256=sha256_of(b"x"), created_at=NOW.replace(tzinfo=None),
            )
        )  # fmt: skip
        uow.commit()
    fresh = reopen(app)
    assert rows(fresh) == 1 and not (fresh.home / "decks" / "x.md").exists()
    fresh.engine.dispose()


def test_staging_in_use_is_kept_and_abandoned_staging_removed(app: App) -> None:
    root = app.home.resolve() / ".staging"
    abandoned = root / "dead"
    abandoned.mkdir(parents=True)
    (abandoned / journal.LOCK_NAME).touch()
    (abandoned / "1").write_bytes(b"x")
    busy = root / "busy"
    busy.mkdir()
    lock = os.open(busy / journal.LOCK_NAME, os.O_CREAT | os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        journal.apply_pending(app.engine, app.home)
        assert not abandoned.exists() and busy.exists()
    finally:
        os.close(lock)


def test_a_write_that_fails_keeps_the_row_and_says_what_to_do(app: App) -> None:
    blocker = app.home.resolve() / "decks"
    blocker.write_text("a file where a folder must be")
    pending(app, journal.PendingFile.text(blocker / "anki" / "a.md", "x"))
    app.engine.dispose()
    with pytest.raises(
        PrepError, match=r"cannot write .*a\.md for an earlier import .*run prep again"
    ):
        assert App(home=app.home, db_url=app.db_url).engine is None
    blocker.unlink()
    fresh = App(home=app.home, db_url=app.db_url)
    assert fresh.engine is not None
    assert (blocker / "anki" / "a.md").read_text() == "x" and rows(fresh) == 0
    fresh.engine.dispose()
