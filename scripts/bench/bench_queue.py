"""Queue, sync, start-up and answer-loop timings on a large collection (DESIGN §7).

Builds, in a temporary PREP_HOME, a collection of N cards (default 100,000) in ~50 decks of
Markdown files, synced with prep's own sync, then ~4 review logs per card inserted with bulk
SQL (about 60% review cards with due dates spread over the past and next 60 days, some in
learning, the rest new; every card's cached state is its last log). Then it measures, as the
median of repeated runs:

- no-change re-sync (in-process `sync_decks`)                        budget ≤ 50 ms
- today's queue in-process (`due_queue`)
- `prep due --json` and `prep today --json`, whole process           `prep today` ≤ 300 ms
- `prep --version` vs `python -c pass`, whole process                 ratio ≤ 2.0
- answering a card in-process (durable commit) + fetching the next card

Usage: python scripts/bench/bench_queue.py [--cards N] [--repeat N] [--keep]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

DECKS = 50
FILES_PER_DECK = 4
TOPICS = [
    "Statistics",
    "Probability",
    "Linear algebra",
    "Calculus",
    "Deep learning",
    "Classical ML",
    "Python",
    "Algorithms",
    "Systems",
    "Behavioral",
]
DIFFICULTY = ("easy", "medium", "hard")
PARAMETERS = json.dumps(
    [0.2172, 1.1771, 3.2602, 16.1507, 7.0114, 0.57, 2.0966, 0.0069, 1.5261, 0.112, 1.0178,
     1.849, 0.1133, 0.3127, 2.2934, 0.2191, 3.0004, 0.7536, 0.3332, 0.1437, 0.2]
)  # fmt: skip


def deck_name(d: int) -> str:
    return f"Bench::{TOPICS[d % len(TOPICS)]}::Deck {d:02d}"


def write_decks(root: Path, cards: int, rng: random.Random) -> tuple[int, int]:
    """Markdown deck files holding exactly `cards` cards; returns (notes, files)."""
    notes_text: list[list[str]] = [[] for _ in range(DECKS * FILES_PER_DECK)]
    made = notes = 0
    while made < cards:
        slot = notes % len(notes_text)
        nid = f"bench-{slot:03d}-{notes:06d}"
        diff = DIFFICULTY[notes % 3]
        roll = rng.random()
        if roll < 0.08 and cards - made >= 2:
            notes_text[slot].append(
                f"## {nid} {{reverse}}\nQ: Term {notes} in words\n"
                f"A: The definition of term {notes}, in one sentence.\ntags: {diff}\n"
            )
            made += 2
        elif roll < 0.14 and cards - made >= 2:
            notes_text[slot].append(
                f"## {nid} {{cloze}}\nFact {notes}: the {{{{c1::first part}}}} and the "
                f"{{{{c2::second part {notes}}}}} of it.\ntags: {diff}\n"
            )
            made += 2
        else:
            code = (
                f"```python\ndef f_{notes}(x):\n    return x * {notes}\n```\n" if roll > 0.9 else ""
            )
            notes_text[slot].append(
                f"## {nid}\nQ: What is the answer to question {notes}?\n{code}"
                f"A: Answer {notes}: a short paragraph explaining why, with a detail or two\n"
                f"that makes it worth remembering.\ntags: topic-{notes % 17}, {diff}\n"
            )
            made += 1
        notes += 1
    for slot, texts in enumerate(notes_text):
        deck = slot % DECKS
        path = root / f"deck-{deck:02d}" / f"part-{slot // DECKS}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        front = f"---\ndeck: {deck_name(deck)}\ntags: [bench]\n---\n\n"
        path.write_text(front + "\n".join(texts), encoding="utf-8")
    return notes, len(notes_text)


def fmt_db(dt: datetime) -> str:
    """SQLAlchemy's SQLite DateTime text format (naive UTC)."""
    return dt.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def insert_history(
    db: Path, now: datetime, rng: random.Random, logs_per_card: float
) -> dict[str, int]:
    """Bulk review history consistent with each card's cached state."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA synchronous=OFF")
    cards = con.execute(
        "SELECT c.id, c.deck, n.note_id FROM cards c JOIN notes n ON n.id = c.note_pk ORDER BY c.id"
    ).fetchall()
    # Reviewed cards carry all the logs: 60% review, 8% (re)learning.
    reviewed = int(len(cards) * 0.68)
    mean_logs = logs_per_card * len(cards) / max(1, reviewed)
    log_rows: list[tuple[object, ...]] = []
    card_rows: list[tuple[object, ...]] = []
    counts = {"review": 0, "learning": 0, "relearning": 0, "new": 0, "logs": 0}
    next_id = (con.execute("SELECT coalesce(max(id), 0) FROM review_logs").fetchone()[0]) + 1
    order = list(range(len(cards)))
    rng.shuffle(order)
    for rank, index in enumerate(order):
        card_id, deck, note_id = cards[index]
        if rank >= reviewed:
            counts["new"] += 1
            continue
        if rank < int(len(cards) * 0.60):
            state = "review"
            stability = math.exp(rng.uniform(math.log(0.5), math.log(400)))
            interval = max(1.0, stability * rng.uniform(0.8, 1.2))
            due = now + timedelta(days=rng.uniform(-60, 60))
            last = due - timedelta(days=interval)
            if last > now:
                last = now - timedelta(hours=rng.uniform(1, 20))
                due = last + timedelta(days=interval)
            step = None
        else:
            state = rng.choice(("learning", "learning", "relearning"))
            stability = rng.uniform(0.1, 5)
            last = now - timedelta(minutes=rng.uniform(1, 600))
            due = now + timedelta(minutes=rng.uniform(-120, 120))
            step = rng.choice((0, 1)) if state == "learning" else 0
        counts[state] += 1
        difficulty = rng.uniform(1, 10)
        n = max(1, min(40, round(rng.expovariate(1 / mean_logs)) or 1))
        lapses = sum(1 for _ in range(n - 1) if rng.random() < 0.1)
        if state == "relearning":
            lapses += 1
        # Earlier reviews, oldest first, spaced back from the last one.
        times = [last]
        for _ in range(n - 1):
            times.append(times[-1] - timedelta(days=rng.uniform(0.5, 30)))
        times.reverse()
        prior = "new"
        lapses_so_far = 0
        for i, at in enumerate(times):
            final = i == n - 1
            rating = 3 if final and state == "review" else rng.choice((1, 2, 3, 3, 3, 4))
            if final:
                s_state, s_step, s_stab, s_diff, s_due = state, step, stability, difficulty, due
                lapses_so_far = lapses
            else:
                s_state, s_step = ("learning", 0) if i == 0 else ("review", None)
                s_stab = stability * (i + 1) / n
                s_diff = difficulty
                s_due = at + timedelta(days=max(0.01, s_stab))
                if rating == 1 and prior == "review":
                    lapses_so_far = min(lapses, lapses_so_far + 1)
            elapsed = None if i == 0 else (at - times[i - 1]).total_seconds() / 86400
            log_rows.append((
                next_id, card_id, "review", rating, fmt_db(at), prior, s_state, s_step, s_stab,
                s_diff, fmt_db(s_due), fmt_db(at), i + 1, lapses_so_far, elapsed,
                rng.randint(2000, 30000), PARAMETERS, 0.9, None, deck, note_id,
            ))  # fmt: skip
            prior = s_state
            next_id += 1
        card_rows.append(
            (state, step, stability, difficulty, fmt_db(due), fmt_db(last), n, lapses,
             next_id - 1, card_id)
        )  # fmt: skip
        counts["logs"] += n
    with con:
        con.executemany(
            "INSERT INTO review_logs (id, card_id, kind, rating, reviewed_at, prior_state, state, "
            "step, stability, difficulty, due, last_review, reps, lapses, elapsed_days, "
            "duration_ms, parameters, desired_retention, reverts_id, deck, note_id) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            log_rows,
        )
        con.executemany(
            "UPDATE cards SET state=?, step=?, stability=?, difficulty=?, due=?, last_review=?, "
            "reps=?, lapses=?, last_log_id=? WHERE id=?",
            card_rows,
        )
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return counts


def measure(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def run_process(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr}")


def ms(samples: list[float]) -> str:
    return (
        f"{statistics.median(samples) * 1000:9.1f} ms  "
        f"(median of {len(samples)}; min {min(samples) * 1000:.1f} ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=100_000, help="cards in the collection")
    parser.add_argument("--logs-per-card", type=float, default=4.0, help="review logs per card")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary PREP_HOME")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="prep-bench-queue-"))
    home, decks = work / "home", work / "decks"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREP_")}
    env.update(PREP_HOME=str(home), PREP_DECKS=str(decks), NO_COLOR="1")
    os.environ.update(PREP_HOME=str(home), PREP_DECKS=str(decks))
    for key in [k for k in os.environ if k.startswith("PREP_") and k not in env]:
        del os.environ[key]
    prep_exe = Path(sys.executable).with_name("prep")
    prep = [str(prep_exe)] if prep_exe.exists() else [sys.executable, "-m", "prep"]
    rng = random.Random(args.seed)
    total_start = time.perf_counter()
    try:
        print(f"prep queue benchmark: {args.cards} cards, python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs, home {home}")  # fmt: skip
        start = time.perf_counter()
        notes, files = write_decks(decks, args.cards, rng)
        print(f"  wrote {notes} notes in {files} files / {DECKS} decks"
              f"{'':>12}{(time.perf_counter() - start):8.2f} s")  # fmt: skip

        from prep.app import App
        from prep.core.schedule import Grade
        from prep.services.review import answer, due_queue, show
        from prep.services.sync import sync_decks

        app = App.from_env()
        start = time.perf_counter()
        report = sync_decks(app)
        first_sync = time.perf_counter() - start
        if report.errors:
            print(f"  warning: sync reported {len(report.errors)} errors, e.g. {report.errors[0]}")
        print(f"  first sync: {report.cards_added} cards from {report.files_seen} files"
              f"{'':>6}{first_sync:8.2f} s")  # fmt: skip
        app.engine.dispose()

        start = time.perf_counter()
        counts = insert_history(home / "prep.db", app.now(), rng, args.logs_per_card)
        print(f"  bulk history: {counts['logs']} logs; {counts['review']} review, "
              f"{counts['learning'] + counts['relearning']} learning, {counts['new']} new"
              f"{'':>2}{(time.perf_counter() - start):8.2f} s")  # fmt: skip
        db_mb = (home / "prep.db").stat().st_size / 1e6
        print(f"  database: {db_mb:.1f} MB")
        print()

        app = App.from_env()  # a fresh process-like App on the finished collection
        resync = measure(lambda: sync_decks(app), args.repeat)
        assert not sync_decks(app).changed
        print(f"no-change re-sync, in-process ({report.files_seen} files)      {ms(resync)}")

        queue_len = len(due_queue(app))
        queue = measure(lambda: due_queue(app), args.repeat)
        print(f"today's queue, in-process (due_queue: {queue_len} cards) {ms(queue)}")

        due_json = measure(lambda: run_process([*prep, "due", "--json"], env), args.repeat)
        print(f"`prep due --json`, whole process                   {ms(due_json)}")
        today = measure(lambda: run_process([*prep, "today", "--json"], env), args.repeat)
        print(f"`prep today --json`, whole process                 {ms(today)}")

        version: list[float] = []
        bare: list[float] = []
        for _ in range(max(args.repeat, 10)):  # interleaved, so load hits both alike
            bare += measure(lambda: run_process([sys.executable, "-c", "pass"], env), 1, 0)
            version += measure(lambda: run_process([*prep, "--version"], env), 1, 0)
        ratio = statistics.median(version) / statistics.median(bare)
        print(f"`prep --version`, whole process                    {ms(version)}")
        print(f"`python -c pass`, whole process                    {ms(bare)}")
        print(f"  ratio prep --version / python -c pass: {ratio:.2f}x (budget ≤ 2.0)")

        answer_only: list[float] = []
        answer_show: list[float] = []
        answer_queue: list[float] = []
        items = due_queue(app)
        at = app.now()
        for n in range(max(args.repeat * 4, 16)):
            if len(items) < 2:
                break
            key, next_key = items[0].candidate.key, items[1].candidate.key
            at += timedelta(seconds=1)
            start = time.perf_counter()
            answer(app, key, Grade.GOOD, at=at)
            mid = time.perf_counter()
            if n % 2:
                show(app, next_key)
                answer_show.append(time.perf_counter() - start)
                items = items[1:]
            else:
                items = due_queue(app)
                answer_queue.append(time.perf_counter() - start)
            answer_only.append(mid - start)
        print(f"answer a card, in-process (durable commit)         {ms(answer_only)}")
        print(f"answer + show next card, in-process                {ms(answer_show)}")
        print(f"answer + rebuild today's queue, in-process         {ms(answer_queue)}")
        app.engine.dispose()

        elapsed = time.perf_counter() - total_start
        print()
        print(
            f"SUMMARY cards={args.cards} logs={counts['logs']} first_sync={first_sync:.2f}s "
            f"resync={statistics.median(resync) * 1000:.1f}ms "
            f"queue={statistics.median(queue) * 1000:.1f}ms "
            f"due_json={statistics.median(due_json) * 1000:.0f}ms "
            f"today_json={statistics.median(today) * 1000:.0f}ms "
            f"version_ratio={ratio:.2f}x "
            f"answer={statistics.median(answer_only) * 1000:.1f}ms "
            f"answer+show={statistics.median(answer_show) * 1000:.1f}ms "
            f"answer+queue={statistics.median(answer_queue) * 1000:.1f}ms "
            f"total={elapsed:.0f}s"
        )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
