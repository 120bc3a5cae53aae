"""An Anki import killed with SIGKILL at every step, then the next start (issue #8).

A real `python` process imports a package and kills itself at a chosen point: inside the
transaction, just before the commit, right after it, before each atomic rename, after the last
file, before the final sync; a few more are killed at random moments. Another process then
starts prep as every command does. Afterwards the database passes its integrity check, the
import is there completely or not at all (no note or review duplicated or missing), every deck
and media file is present with the content an uninterrupted import writes, no temporary or
staging file is left, and importing again changes nothing.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.anki_packages import build, export_package

pytest.importorskip("anki")

WORKER = r"""
import os
import random
import signal
import sys
import threading
import time
from pathlib import Path

from prep.app import App
from prep.store import journal

mode, home, package, point = sys.argv[1:5]
app = App(home=Path(home))
app.deck_dirs = lambda: [app.user_deck_dir.resolve()]


def die():
    os.kill(os.getpid(), signal.SIGKILL)


if mode == "start":  # what every command does first: open the collection, then sync
    from prep.services.sync import sync_decks

    app.engine
    sync_decks(app)
    print("STARTED", flush=True)
    sys.exit(0)

import prep.services.anki_import as importer

app.engine  # opened (and any earlier journal replayed) before the kill points are armed


def wrap(owner, name, before=None, after=None):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        if before and before():
            die()
        result = original(*args, **kwargs)
        if after and after():
            die()
        return result

    setattr(owner, name, wrapper)


calls = {"replace": 0, "apply": 0}


def count(kind, limit):
    def hit():
        calls[kind] += 1
        return calls[kind] == limit

    return hit


if point == "in-transaction":
    wrap(journal, "record", after=lambda: True)
elif point == "before-commit":
    wrap(journal.Staging, "mark_committing", after=lambda: True)
elif point == "after-commit":
    wrap(journal, "apply_pending", before=lambda: True)
elif point.startswith("before-rename-"):
    wrap(os, "replace", before=count("replace", int(point.rsplit("-", 1)[1])))
elif point == "after-last-file":
    wrap(journal, "_apply", after=count("apply", 3))
elif point == "before-sync":
    wrap(importer, "sync_decks", before=lambda: True)
elif point.startswith("random-"):
    delay = random.Random(int(point.split("-")[1])).uniform(0.0, 0.4)
    threading.Timer(delay, die).start()
report = importer.import_anki_file(app, Path(package))
print(f"DONE {report.notes_added} {report.reviews}", flush=True)
"""

POINTS = [
    "in-transaction",
    "before-commit",
    "after-commit",
    "before-rename-1",
    "before-rename-2",
    "before-rename-3",
    "after-last-file",
    "before-sync",
]
COMMITTED = {p: p not in ("in-transaction", "before-commit") for p in POINTS}


def run_worker(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREP_")}
    return subprocess.run(
        [sys.executable, "-c", WORKER, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("anki-kill")
    return export_package(build(folder / "col").path, folder / "deck.apkg", legacy=False)


@pytest.fixture(scope="module")
def reference(package: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files an import that is never interrupted writes."""
    home = tmp_path_factory.mktemp("reference")
    done = run_worker("import", str(home), str(package), "none")
    assert done.returncode == 0 and done.stdout.startswith("DONE 7 17"), done.stderr
    return user_files(home)


def user_files(home: Path) -> dict[str, bytes]:
    decks = home / "decks"
    return {
        str(p.relative_to(decks)): p.read_bytes() for p in sorted(decks.rglob("*")) if p.is_file()
    }


def counts(home: Path) -> dict[str, int]:
    conn = sqlite3.connect(home / "prep.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = ("notes", "cards", "review_logs", "anki_reviews", "file_journal")
        found = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        distinct = conn.execute("SELECT count(DISTINCT note_id) FROM notes").fetchone()[0]
        assert distinct == found["notes"]
        for card_id, state, last_log_id in conn.execute("SELECT id, state, last_log_id FROM cards"):
            newest = conn.execute(
                "SELECT id, state FROM review_logs WHERE card_id = ? AND kind != 'undo' "
                "ORDER BY id DESC LIMIT 1",
                (card_id,),
            ).fetchone()
            assert last_log_id == (newest[0] if newest else None)
            assert state == (newest[1] if newest else "new")
        return found
    finally:
        conn.close()


def leftovers(home: Path) -> list[str]:
    temps = [str(p) for p in home.rglob("*.prep-tmp")]
    staging = home / ".staging"
    return temps + ([str(p) for p in staging.iterdir()] if staging.exists() else [])


def check_after_start(home: Path, committed: bool, reference: dict[str, bytes]) -> None:
    started = run_worker("start", str(home), "", "")
    assert started.returncode == 0 and "STARTED" in started.stdout, started.stderr
    found = counts(home)
    if committed:
        assert found == {"notes": 7, "cards": 10, "review_logs": 17, "anki_reviews": 17,
                         "file_journal": 0}  # fmt: skip
        assert user_files(home) == reference
    else:
        assert found == {"notes": 0, "cards": 0, "review_logs": 0, "anki_reviews": 0,
                         "file_journal": 0}  # fmt: skip
        assert user_files(home) == {}
    assert leftovers(home) == []


@pytest.mark.parametrize("point", POINTS)
def test_kill_at_each_step_then_start(
    point: str, package: Path, reference: dict[str, bytes], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    killed = run_worker("import", str(home), str(package), point)
    assert killed.returncode == -signal.SIGKILL, (point, killed.stdout, killed.stderr)

    check_after_start(home, COMMITTED[point], reference)

    again = run_worker("import", str(home), str(package), "none")
    assert again.returncode == 0, again.stderr
    assert counts(home) == {"notes": 7, "cards": 10, "review_logs": 17, "anki_reviews": 17,
                            "file_journal": 0}  # fmt: skip
    assert user_files(home) == reference


def test_kill_at_random_moments(package: Path, reference: dict[str, bytes], tmp_path: Path) -> None:
    seeds = random.Random(8).sample(range(1000), 4)
    for seed in seeds:
        home = tmp_path / f"home-{seed}"
        result = run_worker("import", str(home), str(package), f"random-{seed}")
        assert result.returncode in (0, -signal.SIGKILL), result.stderr
        if not (home / "prep.db").exists():
            continue  # killed before the collection was created
        committed = result.returncode == 0 or _has_notes(home)
        check_after_start(home, committed, reference)


def _has_notes(home: Path) -> bool:
    conn = sqlite3.connect(home / "prep.db")
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        return "notes" in tables and conn.execute("SELECT count(*) FROM notes").fetchone()[0] > 0
    finally:
        conn.close()
