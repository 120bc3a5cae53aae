"""Durability and concurrency with real processes (DESIGN §2).

"Durable" means an answer survives a kill of prep at any moment: after SIGKILL the SQLite
database is intact, every acknowledged answer is in the log, and each card's cached state is
the replay of its logs. Two processes answering the same cards never lose an answer.

Each test also runs against the PostgreSQL server of PREP_TEST_POSTGRES_URL (the `db_url`
fixture): the workers get the database through PREP_DATABASE_URL, and the checks read it
through SQLAlchemy. A killed client must leave no lock behind on the server.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from prep.app import App
from prep.services.sync import sync_decks
from prep.store.migrate import HEAD, current_revision
from tests.conftest import _postgres_schema_url

DECK = """
---
deck: Durability::Cards
tags: [durability]
---

## dur-basic
Q: What survives a SIGKILL?
A: Every committed transaction.

## dur-reverse {reverse}
Q: Write-ahead log
A: Changes are appended to a log before they reach the database file.

## dur-cloze {cloze}
SQLite's {{c1::WAL}} mode lets {{c2::readers}} run alongside {{c3::one writer}}.

## dur-other
Q: What does BEGIN IMMEDIATE take up front?
A: The write lock.
"""
KEYS = [
    "dur-basic",
    "dur-cloze:c1",
    "dur-cloze:c2",
    "dur-cloze:c3",
    "dur-other",
    "dur-reverse",
    "dur-reverse:rev",
]

# The worker a test starts as a real process. It opens the database of PREP_DATABASE_URL when
# that is set (PostgreSQL), else the SQLite file in HOME. Modes:
#   kill HOME DECKS START SEED: answer (and sometimes undo) cards forever, printing
#       "ACK <log_id> <card_key>" after each commit;
#   serve: a fork server; each stdin line "kill HOME DECKS START SEED" forks a child that
#       runs `kill` (its first line is "PID <pid>"); the server then prints "EXIT <status>";
#   answer HOME DECKS START: answer every card once at START, then print "TOOK <seconds>";
#   race HOME DECKS SEED N: after a "go" line on stdin, answer N cards at the real clock;
#   fresh ROOT N [URL...]: up to N rounds (until one fails) of two forked processes opening one
#       new collection at once (round n in the empty database URL n when URLs are given).
WORKER = r'''
import json
import os
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from prep.app import App
from prep.core.errors import PrepError
from prep.core.schedule import Grade
from prep.services.review import answer, show, undo
from prep.services.sync import sync_decks
from prep.store.models import CardRow


def say(line):
    """One write per line: a kill between the text and its newline (print writes them
    apart when unbuffered) would glue a cut-off line to the server's next one."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def make_app(home, decks, seed, clock=None):
    kwargs = {"clock": clock} if clock is not None else {}
    app = App(
        home=Path(home),
        db_url=os.environ.get("PREP_DATABASE_URL"),
        rng=random.Random(seed),
        extra_deck_dirs=(Path(decks),),
        **kwargs,
    )
    app.deck_dirs = lambda: [Path(decks).resolve()]
    return app


def keys_of(app):
    with app.uow() as uow:
        return sorted(uow.session.scalars(select(CardRow.key)))


def kill_loop(home, decks, start, seed):
    say(f"PID {os.getpid()}")
    now = [datetime.fromisoformat(start)]
    app = make_app(home, decks, int(seed), clock=lambda: now[0])
    sync_decks(app)
    keys = keys_of(app)
    rng = random.Random(int(seed))
    say("READY")
    while True:
        now[0] += timedelta(seconds=1)
        if rng.random() < 0.15:
            try:
                key, _ = undo(app)
            except PrepError:
                continue
            say(f"ACK {show(app, key).last_log_id} {key}")
        else:
            result = answer(app, rng.choice(keys), Grade.GOOD, at=now[0])
            say(f"ACK {result.log_id} {result.key}")


def serve():
    for line in sys.stdin:
        args = line.split()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                kill_loop(*args[1:])
            except BaseException as exc:
                say(f"ERROR {type(exc).__name__}: {exc}".replace("\n", " "))
            finally:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        say(f"EXIT {status}")


def answer_all(home, decks, start):
    app = make_app(home, decks, 0, clock=lambda: datetime.fromisoformat(start))
    began = time.monotonic()
    for key in keys_of(app):
        result = answer(app, key, Grade.GOOD)
        say(f"ACK {result.log_id} {result.key}")
    say(f"TOOK {time.monotonic() - began:.3f}")


def race(home, decks, seed, count):
    app = make_app(home, decks, int(seed))
    keys = keys_of(app)
    rng = random.Random(int(seed))
    say("READY")
    sys.stdin.readline()
    for _ in range(int(count)):
        key = rng.choice(keys)
        while True:
            try:
                result = answer(app, key, Grade.GOOD)
            except PrepError as exc:
                say(f"REJECT {key} {exc}")
                continue
            say(f"ACK {result.log_id} {result.key}")
            break


def fresh(root, rounds, *urls):
    """Each round, two forked processes open the same new collection at the same moment."""
    for n in range(int(rounds)):
        home = Path(root) / f"fresh-{n}"
        db_url = urls[n] if urls else None
        read_end, write_end = os.pipe()
        pids = []
        for _ in range(2):
            pid = os.fork()
            if pid == 0:
                os.close(write_end)
                os.read(read_end, 1)
                try:
                    App(home=home, db_url=db_url).engine
                except Exception as exc:
                    say(f"FAIL {type(exc).__name__}: {exc}")
                    os._exit(1)
                os._exit(0)
            pids.append(pid)
        os.close(read_end)
        os.write(write_end, b"go")
        os.close(write_end)
        statuses = [os.waitpid(pid, 0)[1] for pid in pids]
        say(f"ROUND {n} {statuses[0]} {statuses[1]}")
        if any(statuses):
            break


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    modes = {"kill": kill_loop, "serve": serve, "answer": answer_all, "race": race, "fresh": fresh}
    modes[mode](*rest)
'''

ACK = re.compile(r"^ACK (\d+) (\S+)$")
MEMORY_COLUMNS = "state, step, stability, difficulty, due, last_review, reps, lapses"
NEW_MEMORY = ("new", None, None, None, None, None, 0, 0)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# How long a check on PostgreSQL waits for a card a client (perhaps a killed one) still locks.
LOCK_WAIT_SECONDS = 5


@dataclass
class Collection:
    home: Path
    decks: Path
    worker: Path
    db_url: str | None = None  # a PostgreSQL database; None: the SQLite file in home
    acked: set[int] = field(default_factory=set)

    @property
    def db(self) -> Path:
        return self.home / "prep.db"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREP_")}
        env.update(
            PREP_HOME=str(self.home), PREP_DECKS=str(self.decks), NO_COLOR="1", PYTHONUNBUFFERED="1"
        )
        if self.db_url is not None:
            env["PREP_DATABASE_URL"] = self.db_url
        return env


@pytest.fixture
def collection(tmp_path: Path, db_url: str | None) -> Collection:
    """A synced collection (SQLite, or PostgreSQL) holding only the small durability deck."""
    home, decks = tmp_path / "home", tmp_path / "decks"
    decks.mkdir()
    (decks / "durability.md").write_text(textwrap.dedent(DECK).lstrip(), encoding="utf-8")
    worker = tmp_path / "worker.py"
    worker.write_text(WORKER, encoding="utf-8")
    app = App(home=home, db_url=db_url, extra_deck_dirs=(decks,))
    app.deck_dirs = lambda: [decks.resolve()]  # type: ignore[method-assign]
    report = sync_decks(app)
    app.engine.dispose()
    assert report.errors == []
    assert report.cards_added == len(KEYS)
    return Collection(home, decks, worker, db_url)


def query(collection: Collection, *statements: str) -> list[list[tuple[Any, ...]]]:
    """The rows of each statement: through sqlite3 on the file, or SQLAlchemy on the server.

    On PostgreSQL every card is locked first, waiting at most LOCK_WAIT_SECONDS: a killed
    client's commit still in flight on the server lands before we read, and a lock a dead client
    left behind fails the test instead of hanging it.
    """
    if collection.db_url is None:
        con = sqlite3.connect(collection.db)
        try:
            return [con.execute(statement).fetchall() for statement in statements]
        finally:
            con.close()
    engine = create_engine(collection.db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS}s'"))
            conn.execute(text("SELECT id FROM cards ORDER BY id FOR UPDATE"))
            return [[tuple(row) for row in conn.execute(text(s))] for s in statements]
    finally:
        engine.dispose()


def read_acks(stream: IO[str], until: int, stop: str = "EXIT") -> tuple[list[int], str]:
    """Read lines, collecting ACKed log ids, until `until` ACKs, a line starting `stop`, an
    ERROR line or the end of the stream."""
    ids: list[int] = []
    while len(ids) < until:
        line = stream.readline()
        for marker in (stop, "ERROR"):  # after a line the kill cut off (never acknowledged)
            if marker in line:
                line = line[line.index(marker) :]
        if not line or line.startswith((stop, "ERROR")):
            return ids, line.strip()
        match = ACK.match(line.strip())
        if match:
            ids.append(int(match.group(1)))
    return ids, ""


def check_collection(collection: Collection, acked: set[int]) -> int:
    """Integrity (of the SQLite file), acknowledged answers present, cached state == replay.

    Returns the log count.
    """
    if collection.db_url is None:  # a server keeps its own files intact
        integrity, foreign_keys = query(
            collection, "PRAGMA integrity_check", "PRAGMA foreign_key_check"
        )
        assert integrity == [("ok",)]
        assert foreign_keys == []
    else:  # the workers wrote to the server, not to a SQLite file in the home
        assert not collection.db.exists()
    logs, cards = query(
        collection,
        f"SELECT id, card_id, kind, reverts_id, {MEMORY_COLUMNS} FROM review_logs ORDER BY id",
        f"SELECT id, key, last_log_id, {MEMORY_COLUMNS} FROM cards",
    )
    missing = acked - {row[0] for row in logs}
    assert not missing, f"acknowledged answers lost: {sorted(missing)}"
    by_card: dict[int, list[tuple[object, ...]]] = defaultdict(list)
    for row in logs:
        by_card[row[1]].append(row)
    for card_id, key, last_log_id, *memory in cards:
        rows = by_card.get(card_id, [])
        reverted = {row[3] for row in rows if row[2] == "undo"}
        live = [row for row in rows if row[2] != "undo" and row[0] not in reverted]
        expected = tuple(live[-1][4:]) if live else NEW_MEMORY
        assert tuple(memory) == expected, f"{key}: cached {memory} but replay gives {expected}"
        assert last_log_id == (rows[-1][0] if rows else None), key
    return len(logs)


def choose_kill_point(rng: random.Random) -> tuple[int, float]:
    """How many ACKs to wait for, then a tiny delay so the kill lands mid-answer."""
    acks = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 21, 34])
    delay = rng.choice([0.0, rng.uniform(0, 0.0005), rng.uniform(0, 0.001), rng.uniform(0, 0.004)])
    return acks, delay


def test_answers_survive_sigkill_at_any_moment(collection: Collection) -> None:
    rng = random.Random(20260302)
    env = collection.env()
    logs = check_collection(collection, set())
    assert logs == 0
    run = 0
    kills_mid_answer = 0

    def after_kill(acked_now: list[int]) -> None:
        nonlocal logs
        collection.acked.update(acked_now)
        count = check_collection(collection, collection.acked)
        # The kill interrupts at most one answer: it committed (unacknowledged) or it did not.
        assert count - logs in (len(acked_now), len(acked_now) + 1), (count, logs, acked_now)
        logs = count

    # Cold processes started with Popen: kills also land during start-up and sync.
    for _ in range(6):
        run += 1
        acks, delay = choose_kill_point(rng)
        acks = 0 if run == 1 else acks
        start = (T0 + timedelta(days=run)).isoformat()
        proc = subprocess.Popen(
            [
                sys.executable,
                str(collection.worker),
                "kill",
                str(collection.home),
                str(collection.decks),
                start,
                str(run),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None and proc.stderr is not None
        if acks:
            acked, _ = read_acks(proc.stdout, acks)
        else:  # killed while opening the database and syncing (PID is printed just before)
            acked, _ = read_acks(proc.stdout, 1, stop="PID")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        rest, _ = read_acks(proc.stdout, 10**9)
        errors = proc.stderr.read()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL, errors
        after_kill(acked + rest)

    # Warm children forked from a server that has already imported prep: many more kill points.
    server = subprocess.Popen(
        [sys.executable, str(collection.worker), "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        for _ in range(40):
            run += 1
            acks, delay = choose_kill_point(rng)
            start = (T0 + timedelta(days=run)).isoformat()
            server.stdin.write(f"kill {collection.home} {collection.decks} {start} {run}\n")
            server.stdin.flush()
            pid_line = server.stdout.readline()
            assert pid_line.startswith("PID "), pid_line
            pid = int(pid_line.split()[1])
            acked, early = read_acks(server.stdout, acks)
            assert early == "", f"the worker stopped before it was killed: {early}"
            kills_mid_answer += acks > 0
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
            rest, exit_line = read_acks(server.stdout, 10**9)
            if exit_line.startswith("ERROR"):  # it failed between our read and the kill
                pytest.fail(f"the worker failed before it was killed: {exit_line}")
            assert exit_line.split() == ["EXIT", str(signal.SIGKILL)], exit_line
            after_kill(acked + rest)
    finally:
        server.stdin.close()
        server.wait(timeout=10)
        server.stdout.close()
    assert kills_mid_answer >= 20
    assert len(collection.acked) >= 100  # the runs did real work between kills

    # No kill left a card locked (on PostgreSQL: the server ended every killed client's
    # transaction): a fresh process answers every card within a few seconds.
    start = (T0 + timedelta(days=run + 1)).isoformat()
    command = [sys.executable, str(collection.worker), "answer", str(collection.home)]
    try:
        done = subprocess.run(
            [*command, str(collection.decks), start],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("a fresh process could not answer every card: a killed client left a lock")
    assert done.returncode == 0, done.stderr
    acked, took = read_acks(io.StringIO(done.stdout), 10**9, stop="TOOK")
    assert len(acked) == len(KEYS), done.stdout
    assert float(took.split()[1]) < LOCK_WAIT_SECONDS, took
    collection.acked.update(acked)
    assert check_collection(collection, collection.acked) == logs + len(KEYS)


def start_racer(collection: Collection, seed: int, count: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            str(collection.worker),
            "race",
            str(collection.home),
            str(collection.decks),
            str(seed),
            str(count),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=collection.env(),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "READY\n"
    return proc


def assert_no_lost_answers(collection: Collection, answered: int) -> None:
    total, per_card, rows = query(
        collection,
        "SELECT count(*) FROM review_logs",
        "SELECT c.key, c.reps, count(l.id) FROM cards c LEFT JOIN review_logs l "
        "ON l.card_id = c.id GROUP BY c.id",
        # Each answer was computed from the row its predecessor wrote: reps count up by one.
        "SELECT card_id, reps FROM review_logs ORDER BY id",
    )
    assert total == [(answered,)]
    for key, reps, logs in per_card:
        assert reps == logs, f"{key}: reps {reps} but {logs} logs"
    seen: dict[int, int] = defaultdict(int)
    for card_id, reps in rows:
        seen[card_id] += 1
        assert reps == seen[card_id]


def test_two_processes_answering_the_same_cards_lose_nothing(collection: Collection) -> None:
    count = 60
    racers = [start_racer(collection, seed, count) for seed in (1, 2)]
    for proc in racers:  # both are ready: release them together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.close()
    acked: list[int] = []
    rejected: list[str] = []
    for proc in racers:
        assert proc.stdout is not None
        out = proc.stdout.read()
        proc.stdout.close()
        assert proc.wait(timeout=60) == 0
        for line in out.splitlines():
            match = ACK.match(line)
            if match:
                acked.append(int(match.group(1)))
            elif line.startswith("REJECT"):
                rejected.append(line)
    assert len(acked) == 2 * count
    assert len(set(acked)) == len(acked), "one log id acknowledged twice"
    assert_no_lost_answers(collection, len(acked))
    assert check_collection(collection, set(acked)) == len(acked)
    # The clock is read once the card is locked, so an answer at the real clock is never
    # refused as "before the card was last reviewed" by a concurrent answer.
    assert rejected == []


def test_two_processes_opening_a_new_collection_at_once_both_succeed(
    tmp_path: Path, db_url: str | None
) -> None:
    worker = tmp_path / "worker.py"
    worker.write_text(WORKER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREP_")}
    with ExitStack() as databases:
        urls: list[str] = []
        if db_url is not None:  # each round creates the schema of its own new, empty database
            new_database = contextmanager(_postgres_schema_url)
            urls = [db_url] + [databases.enter_context(new_database()) for _ in range(14)]
        out = subprocess.run(
            [sys.executable, str(worker), "fresh", str(tmp_path), "15", *urls],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        ).stdout
        failures = [line for line in out.splitlines() if line.startswith("FAIL")]
        assert failures == []
        rounds = [line.split() for line in out.splitlines() if line.startswith("ROUND")]
        assert len(rounds) == 15
        assert all(r[2:] == ["0", "0"] for r in rounds)
        for url in urls:
            engine = create_engine(url, poolclass=NullPool)
            try:
                assert current_revision(engine) == HEAD, url
            finally:
                engine.dispose()


def test_two_cli_processes_grading_the_same_cards_lose_nothing(collection: Collection) -> None:
    """`prep grade` from two processes at once: every exit-0 answer is in the log exactly once."""
    prep = Path(sys.executable).with_name("prep")
    command = [str(prep)] if prep.exists() else [sys.executable, "-m", "prep"]
    keys = ["dur-basic", "dur-other", "dur-cloze:c1"]
    script = (
        "import json, subprocess, sys\n"
        "for key in sys.argv[2:]:\n"
        "    r = subprocess.run([*json.loads(sys.argv[1]), 'grade', key, 'good', '--json'],\n"
        "                       capture_output=True, text=True)\n"
        "    print('OK' if r.returncode == 0 else 'FAIL ' + r.stderr.strip(), flush=True)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, json.dumps(command), *order],
            stdout=subprocess.PIPE,
            text=True,
            env=collection.env(),
        )
        for order in (keys, keys[::-1])
    ]
    results: list[str] = []
    for proc in procs:
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0
        results += out.splitlines()
    assert len(results) == 2 * len(keys)
    assert [r for r in results if r != "OK"] == []
    assert_no_lost_answers(collection, len(results))
    [reps] = query(collection, "SELECT key, reps FROM cards WHERE reps > 0")
    assert dict(reps) == {key: 2 for key in keys}
