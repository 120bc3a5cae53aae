"""`settled_sync`: telling, without SQLAlchemy, that a sync would change nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from prep.app import App
from prep.services import deck_scan
from prep.services.deck_scan import settled_sync
from prep.services.sync import sync_decks
from tests.conftest import write_deck

BROKEN = "---\ndeck: Broken\n---\n\n## broken-1\nQ: a question with no answer\n"


@pytest.fixture
def settled(app: App, deck_dir: Path) -> App:
    if app.db_url is not None:
        pytest.skip("the sqlite3 check is for the default SQLite collection")
    write_deck(deck_dir, "broken.md", BROKEN)
    first = sync_decks(app)
    assert first.errors
    return app


def test_after_a_sync_nothing_is_left_to_do_and_the_file_errors_are_kept(settled: App) -> None:
    again = sync_decks(settled)
    report = settled_sync(settled)
    assert report is not None
    assert report.errors == again.errors
    assert report.files_seen == again.files_seen
    assert not report.changed


def test_a_changed_file_needs_a_sync(settled: App, deck_dir: Path) -> None:
    path = deck_dir / "stats.md"
    path.write_text(path.read_text() + "\n", encoding="utf-8")
    assert settled_sync(settled) is None
    sync_decks(settled)
    assert settled_sync(settled) is not None


def test_a_touched_file_needs_a_sync(settled: App, deck_dir: Path) -> None:
    path = deck_dir / "stats.md"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert settled_sync(settled) is None


def test_an_added_or_deleted_file_needs_a_sync(settled: App, deck_dir: Path) -> None:
    added = write_deck(deck_dir, "more.md", "---\ndeck: More\n---\n\n## more-1\nQ: q?\nA: a.\n")
    assert settled_sync(settled) is None
    sync_decks(settled)
    assert settled_sync(settled) is not None
    added.unlink()
    assert settled_sync(settled) is None


def test_a_folder_that_appears_or_goes_needs_a_sync(settled: App, tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    roots = settled.deck_dirs()
    settled.deck_dirs = lambda: [*roots, extra.resolve()]  # type: ignore[method-assign]
    assert settled_sync(settled) is not None, "a missing folder holds no notes: nothing moves"
    write_deck(extra, "x.md", "---\ndeck: X\n---\n\n## x-1\nQ: q?\nA: a.\n")
    assert settled_sync(settled) is None
    sync_decks(settled)
    assert settled_sync(settled) is not None
    (extra / "x.md").unlink()
    extra.rmdir()  # its notes become unavailable: a sync must run
    assert settled_sync(settled) is None


def test_a_new_parser_version_needs_a_sync(settled: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deck_scan, "PARSER_VERSION", "p999")
    assert settled_sync(settled) is None


def test_no_database_or_a_pending_file_journal_needs_the_full_path(app: App) -> None:
    if app.db_url is not None:
        pytest.skip("SQLite only")
    assert settled_sync(app) is None  # no database yet
    sync_decks(app)
    assert settled_sync(app) is not None
    from datetime import datetime

    from prep.store.models import FileJournalRow

    with app.uow(write=True) as uow:
        uow.session.add(
            FileJournalRow(
                home=str(app.home), path="x.md", content="x", sha256="0" * 64,
                created_at=datetime(2026, 1, 1),
            )
        )  # fmt: skip
        uow.commit()
    assert settled_sync(app) is None
