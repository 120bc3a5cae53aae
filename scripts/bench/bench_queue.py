"""Today's queue, due counts, answering and opening: prep vs Anki on one large collection.

Builds the same collection twice from one seeded plan (scripts/bench/_collection.py): N cards
(default 100,000) in 50 decks under `Bench`, ~4 review logs per card, 60% review cards due
over the past and next 60 days, 8% in (re)learning, the rest new; prep syncs it from Markdown,
Anki gets it through its own Python package (FSRS on, 20 new / 200 reviews per deck, siblings
buried). Then, as the median of repeated runs, side by side:

(a) today's queue, whole process: `prep due --json` vs a fresh Python process that opens the
    Anki collection and builds its queue (get_queued_cards)              budget ≤ 1.0
(b) due counts per deck, in-process: prep's deck counts vs Anki's deck_due_tree()
(c) answering a card with its durable commit, then getting the next card ready, in-process:
    prep's answer + today's next card + show vs Anki's answer_card + get_queued_cards +
    question/answer rendering (Anki commits every answer, with fsync)     budget ≤ 2.0
(d) opening the collection, in-process

Needs the `bench` extra (pip install -e '.[bench]'): the `anki` package is the baseline.
Usage: python scripts/bench/bench_queue.py [--cards N] [--repeat N] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _collection import (
    ANKI_QUEUE_SCRIPT,
    ROOT_DECK,
    AnkiCollection,
    PrepCollection,
    build_anki,
    build_prep,
    measure,
    median_ms,
    ms,
    run_process,
    verdict,
)

FETCH_LIMIT = 10_000  # more than any queue under the limits: Anki returns its whole queue


def say(line: str) -> None:
    print(f"  {line}", flush=True)


def whole_process_queue(prep: PrepCollection, anki: AnkiCollection, repeat: int) -> bool:
    prep_cmd = [*prep.argv, "due", "--json"]
    anki_cmd = [sys.executable, "-c", ANKI_QUEUE_SCRIPT, str(anki.path), str(FETCH_LIMIT)]
    prep_rows = json.loads(run_process(prep_cmd, prep.env))
    anki_out = json.loads(run_process(anki_cmd, prep.env))
    bench = [r for r in prep_rows if r["deck"].split("::")[0] == ROOT_DECK]
    kinds = {k: sum(1 for r in bench if r["kind"] == k) for k in ("learning", "review", "new")}
    print(
        f"  prep queue: {len(prep_rows)} items, {len(bench)} under {ROOT_DECK} "
        f"({kinds['learning']} learning, {kinds['review']} review, {kinds['new']} new; the rest "
        "are shipped decks and problems)"
    )
    print(
        f"  Anki queue: {len(anki_out['cards'])} cards under {ROOT_DECK} "
        f"({anki_out['learning']} learning, {anki_out['review']} review, {anki_out['new']} new)"
    )
    prep_times: list[float] = []
    anki_times: list[float] = []
    for _ in range(repeat):  # interleaved, so machine load hits both alike
        prep_times += measure(lambda: run_process(prep_cmd, prep.env), 1, 0)
        anki_times += measure(lambda: run_process(anki_cmd, prep.env), 1, 0)
    print(f"(a) `prep due --json`, whole process                 {ms(prep_times)}")
    print(f"    Anki: open + get_queued_cards, whole process     {ms(anki_times)}")
    ratio = statistics.median(prep_times) / statistics.median(anki_times)
    return verdict(
        "today's queue, whole process (prep / Anki)",
        ratio,
        1.0,
        f"{median_ms(prep_times):.0f} ms / {median_ms(anki_times):.0f} ms = {ratio:.2f}",
    )


def deck_due_counts(anki: AnkiCollection, repeat: int) -> None:
    from anki.collection import Collection

    from prep.app import App
    from prep.services.deck_counts import deck_counts

    app = App.from_env()
    decks = len(deck_counts(app))
    prep_times = measure(lambda: deck_counts(app), repeat)
    app.engine.dispose()
    col = Collection(str(anki.path))
    try:
        tree = col.sched.deck_due_tree()
        anki_times = measure(col.sched.deck_due_tree, repeat)
    finally:
        col.close()
    ratio = statistics.median(prep_times) / statistics.median(anki_times)
    print(f"(b) prep deck counts ({decks} decks), in-process      {ms(prep_times)}")
    print(f"    Anki deck_due_tree(), in-process                {ms(anki_times)}")
    roots = ", ".join(
        f"{c.name}: {c.learn_count}/{c.review_count}/{c.new_count}" for c in tree.children
    )
    print(f"    Anki due tree, learning/review/new: {roots}")
    print(f"    ratio prep / Anki: {ratio:.2f} (no budget)")


def opening(anki: AnkiCollection, repeat: int) -> None:
    from anki.collection import Collection
    from sqlalchemy import text

    from prep.app import App

    def open_prep() -> float:
        start = time.perf_counter()
        app = App.from_env()
        with app.uow() as uow:
            uow.session.execute(text("SELECT count(*) FROM cards")).scalar()
        elapsed = time.perf_counter() - start
        app.engine.dispose()
        return elapsed

    def open_anki() -> float:
        start = time.perf_counter()
        col = Collection(str(anki.path))
        col.db.scalar("SELECT count() FROM cards")
        elapsed = time.perf_counter() - start
        col.close()
        return elapsed

    open_prep(), open_anki()
    prep_times = [open_prep() for _ in range(repeat)]
    anki_times = [open_anki() for _ in range(repeat)]
    ratio = statistics.median(prep_times) / statistics.median(anki_times)
    print(f"(d) prep: open the collection + count, in-process  {ms(prep_times)}")
    print(f"    Anki: open the collection + count, in-process  {ms(anki_times)}")
    print(f"    ratio prep / Anki: {ratio:.2f} (no budget)")


def answer_loop(anki: AnkiCollection, answers: int) -> bool:
    from anki.cards import Card
    from anki.collection import Collection
    from anki.scheduler.v3 import CardAnswer

    from prep.app import App
    from prep.core.schedule import Grade
    from prep.services.review import answer, show
    from prep.services.today import TodayQueue

    # prep, as its review session does it: answer (committed), record it in the session's
    # in-memory queue, take the next card (with the counts left) and show it.
    app = App.from_env()
    prep_full: list[float] = []
    prep_answer: list[float] = []
    today = TodayQueue(app)
    item = today.next_card().item
    assert item is not None
    shown = show(app, item.candidate.key, item.kind)
    for _ in range(answers):
        start = time.perf_counter()
        result = answer(app, shown.key, Grade.GOOD, expected_log_id=shown.last_log_id)
        answered = time.perf_counter()
        today.answered(shown.key, result.memory, result.leech)
        item = today.next_card().item
        assert item is not None
        shown = show(app, item.candidate.key, item.kind)
        prep_full.append(time.perf_counter() - start)
        prep_answer.append(answered - start)
    app.engine.dispose()

    # Anki, as its reviewer does it: answer (committed), next queued card, render both sides.
    col = Collection(str(anki.path))
    anki_full: list[float] = []
    anki_answer: list[float] = []
    try:
        queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = Card(col, backend_card=queued.card)
        card.start_timer()
        for _ in range(answers):
            start = time.perf_counter()
            col.sched.answer_card(
                col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
            )
            answered = time.perf_counter()
            queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
            card = Card(col, backend_card=queued.card)
            card.start_timer()
            card.question(), card.answer()
            anki_full.append(time.perf_counter() - start)
            anki_answer.append(answered - start)
    finally:
        col.close()
    print(f"(c) prep: answer (durable commit) + next card + show {ms(prep_full)}")
    print(f"    Anki: answer_card + next queued card + render   {ms(anki_full)}")
    print(f"    prep: answer alone (durable commit)             {ms(prep_answer)}")
    print(f"    Anki: answer_card alone (committed, fsync)      {ms(anki_answer)}")
    ratio = statistics.median(prep_full) / statistics.median(anki_full)
    return verdict(
        "answer + next card, in-process (prep / Anki)",
        ratio,
        2.0,
        f"{median_ms(prep_full):.1f} ms / {median_ms(anki_full):.1f} ms = {ratio:.2f}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=100_000, help="cards in the collection")
    parser.add_argument("--logs-per-card", type=float, default=4.0, help="review logs per card")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.cards < 100 or args.repeat < 1:
        parser.error("--cards must be at least 100 and --repeat at least 1")
    try:
        import anki
    except ImportError:
        parser.error("the `anki` package is missing: pip install -e '.[bench]'")

    work = Path(tempfile.mkdtemp(prefix="prep-bench-queue-"))
    started = time.perf_counter()
    try:
        print(
            f"prep vs Anki, {args.cards} cards: python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs, work dir {work}"
        )
        prep = build_prep(work, args.cards, args.logs_per_card, random.Random(args.seed), say)
        from prep.app import App

        app = App.from_env()
        anki = build_anki(
            work / "anki" / "collection.anki2",
            prep.plan,
            prep.now,
            app.timezone,
            app.config.day_starts_at,
            len(app.config.learning_steps),
            say,
        )
        say(
            f"sizes: prep.db {prep.db.stat().st_size / 1e6:.1f} MB, "
            f"collection.anki2 {anki.path.stat().st_size / 1e6:.1f} MB"
        )
        print()
        steps: list[Callable[[], bool | None]] = [
            lambda: whole_process_queue(prep, anki, args.repeat),
            lambda: deck_due_counts(anki, args.repeat),
            lambda: opening(anki, args.repeat),
            lambda: answer_loop(anki, max(args.repeat * 4, 20)),  # last: it changes both
        ]
        failed = sum(1 for step in steps if step() is False)
        print(f"done in {time.perf_counter() - started:.0f} s; {failed} budget(s) missed")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
