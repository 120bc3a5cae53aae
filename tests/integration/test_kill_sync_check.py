"""SIGKILL during `prep sync` and `prep check` (real processes, the real CLI): afterwards the
database passes its integrity check, holds every change a finished command reported, and
nothing is half-written (issue: interop and data safety)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.test_sandbox_hostile import PROBLEM_MD, cases

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL tests need Linux")


def env_for(home: Path, decks: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREP_")}
    env.update(PREP_HOME=str(home), NO_COLOR="1", PYTHONUNBUFFERED="1")
    if decks is not None:
        env["PREP_DECKS"] = str(decks)
    return env


def prep(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "prep", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def kill_after(proc: subprocess.Popen[str], delay: float) -> tuple[int, str, str]:
    """Let it run `delay` seconds, then SIGKILL it unless it already finished."""
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    return finish(proc)


def integrity(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()


def deck_text(n: int, version: int) -> str:
    notes = "\n".join(
        f"## kill-{n}-{i}\nQ: Question {i} of file {n}, version {version}?\n"
        f"A: Answer {i} (v{version}).\n"
        for i in range(240 + version * 5)
    )
    return f"---\ndeck: Kill::File {n:02d}\ntags: [kill]\n---\n\n{notes}"


def synced_notes(db: Path) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT note_id, answer FROM notes WHERE note_id LIKE 'kill-%'")
        return dict(rows.fetchall())
    finally:
        con.close()


def test_sync_killed_at_random_moments_converges(tmp_path: Path) -> None:
    rng = random.Random(8)
    home, decks = tmp_path / "home", tmp_path / "decks"
    decks.mkdir()
    env = env_for(home, decks)
    assert finish(prep("sync", env=env))[0] == 0  # the shipped decks first: a warm collection
    # How long a sync of the whole set takes here, so the kills land inside one.
    for n in range(12):
        (decks / f"kill-{n:02d}.md").write_text(deck_text(n, 0))
    started = time.monotonic()
    assert finish(prep("sync", env=env))[0] == 0
    took = time.monotonic() - started
    expected: dict[str, str] = {}
    kills = 0
    for version in range(1, 9):
        for n in range(12):
            (decks / f"kill-{n:02d}.md").write_text(deck_text(n, version))
        expected = {
            f"kill-{n}-{i}": f"Answer {i} (v{version})."
            for n in range(12)
            for i in range(240 + version * 5)
        }
        code, _, err = kill_after(prep("sync", env=env), rng.uniform(0.1, 0.8) * took)
        kills += code == -signal.SIGKILL
        assert code in (0, -signal.SIGKILL), err
        integrity(home / "prep.db")
        # Whatever the kill interrupted, the next sync finishes the job.
        code, _out, err = finish(prep("sync", env=env))
        assert code == 0, err
        assert synced_notes(home / "prep.db") == expected
        integrity(home / "prep.db")
    assert kills >= 4  # most runs were really interrupted


def test_check_killed_at_random_moments_keeps_every_reported_verdict(tmp_path: Path) -> None:
    rng = random.Random(11)
    home = tmp_path / "home"
    folder = home / "problems" / "arrays-hashing" / "double-it"
    folder.mkdir(parents=True)
    (folder / "problem.md").write_text(PROBLEM_MD)
    (folder / "starter.py").write_text("def double(x):\n    pass\n")
    (folder / "solution.py").write_text("def double(x):\n    return 2 * x\n")
    (folder / "cases.json").write_text(json.dumps(cases()))
    env = env_for(home, tmp_path / "no-decks")
    code, _, err = finish(prep("solve", "double-it", env=env))
    assert code == 0, err
    work = home / "workspace" / "double-it" / "solution.py"
    work.write_text("def double(x):\n    return x + 1\n")  # wrong: the attempt stays open
    reported = 0
    kills = 0
    for _ in range(14):
        started = time.monotonic()
        code, out, err = kill_after(
            prep("check", "double-it", "--json", env=env), rng.uniform(0, 0.5)
        )
        if code == 0:
            assert json.loads(out)["verdict"] == "Wrong Answer"
            reported += 1
        else:
            assert code == -signal.SIGKILL, err
            kills += 1
        assert time.monotonic() - started < 60
        integrity(home / "prep.db")
        con = sqlite3.connect(home / "prep.db")
        try:
            subs = con.execute("SELECT count(*) FROM submissions").fetchone()[0]
            failed = con.execute("SELECT failed_checks FROM attempts").fetchall()
        finally:
            con.close()
        # Every reported verdict is stored; a killed check stored all of its rows or none.
        assert reported <= subs <= reported + kills
        assert failed == [(subs,)]
    # Then the right answer closes the attempt and grades it, once.
    work.write_text("def double(x):\n    return x * 2\n")
    code, out, err = finish(prep("check", "double-it", "--json", env=env))
    assert code == 0 and json.loads(out)["grade"] == "hard", (out, err)
    con = sqlite3.connect(home / "prep.db")
    try:
        assert con.execute("SELECT outcome FROM attempts").fetchall() == [("accepted",)]
        log = con.execute("SELECT count(*), max(id) FROM problem_logs").fetchone()
        assert log[0] == 1
        assert con.execute(
            "SELECT last_log_id, reps FROM problems WHERE slug = 'double-it'"
        ).fetchone() == (log[1], 1)
    finally:
        con.close()
    assert kills >= 3 and reported >= 2
