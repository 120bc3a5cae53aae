"""The large collection the benchmarks share, built in prep and in Anki, and timing helpers.

One seeded plan drives both builds, so prep and Anki hold the same collection: the same decks
(Bench::<topic>::Deck NN), notes and cards, ~4 review logs per card, the same states and due
dates. prep's copy is synced from Markdown by prep itself, then gets its history with bulk SQL
(every card's cached state is its last log). Anki's copy is created with the `anki` package
(schema, note types, decks, FSRS on, same limits, siblings buried like prep does), then filled
with bulk SQL in the shape Anki writes, and checked with Anki's own scheduler.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
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
ROOT_DECK = "Bench"
PARAMETERS = json.dumps(
    [0.2172, 1.1771, 3.2602, 16.1507, 7.0114, 0.57, 2.0966, 0.0069, 1.5261, 0.112, 1.0178,
     1.849, 0.1133, 0.3127, 2.2934, 0.2191, 3.0004, 0.7536, 0.3332, 0.1437, 0.2]
)  # fmt: skip
ANKI_DECAY = 0.1542  # FSRS-6's default decay, which Anki stores with each card's memory state


def deck_name(d: int) -> str:
    return f"{ROOT_DECK}::{TOPICS[d % len(TOPICS)]}::Deck {d:02d}"


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


# --- the review history, as a plan both builders follow ------------------------------------


@dataclass(frozen=True, slots=True)
class Review:
    """One review and the state that resulted from it."""

    at: datetime
    rating: int
    prior: str
    state: str
    step: int | None
    stability: float
    difficulty: float
    due: datetime
    reps: int
    lapses: int
    elapsed_days: float | None
    duration_ms: int


@dataclass(frozen=True, slots=True)
class BenchCard:
    """One card of the collection with its final state (the last review's) and its reviews."""

    prep_id: int
    key: str
    ordinal: int
    deck: str
    note_id: str
    note_type: str
    question: str
    answer: str
    tags: str
    position: int
    state: str
    reviews: tuple[Review, ...]

    @property
    def last(self) -> Review | None:
        return self.reviews[-1] if self.reviews else None


def plan_history(
    rows: list[tuple[int, str, int, str, str, str, str, str, str, int]],
    now: datetime,
    day_start: datetime,
    rng: random.Random,
    logs_per_card: float,
) -> list[BenchCard]:
    """Give 68% of the cards a history: 60% review (due over the past and next 60 days),
    8% (re)learning (due within two hours of now); the rest stay new. The collection is seen
    in the middle of a study day: 0.2% of the review cards were already studied today (so
    today's counts and limits matter), everything else before today's rollover."""
    reviewed = int(len(rows) * 0.68)
    in_review = int(len(rows) * 0.60)
    mean_logs = logs_per_card * len(rows) / max(1, reviewed)
    order = list(range(len(rows)))
    rng.shuffle(order)
    plan: list[BenchCard | None] = [None] * len(rows)
    for rank, index in enumerate(order):
        row = rows[index]
        if rank >= reviewed:
            plan[index] = BenchCard(*row, state="new", reviews=())
            continue
        if rank < in_review:
            state = "review"
            stability = math.exp(rng.uniform(math.log(0.5), math.log(400)))
            interval = max(1.0, stability * rng.uniform(0.8, 1.2))
            due = now + timedelta(days=rng.uniform(-60, 60))
            last = due - timedelta(days=interval)
            if rng.random() < 0.002:
                last = day_start + (now - day_start) * rng.random()
                due = last + timedelta(days=interval)
            elif last >= day_start:
                last = day_start - timedelta(hours=rng.uniform(1, 20))
                due = last + timedelta(days=interval)
            step = None
        else:
            state = rng.choice(("learning", "learning", "relearning"))
            stability = rng.uniform(0.1, 5)
            last = min(now, day_start) - timedelta(minutes=rng.uniform(1, 600))
            due = now + timedelta(minutes=rng.uniform(-120, 120))
            step = rng.choice((0, 1)) if state == "learning" else 0
        difficulty = rng.uniform(1, 10)
        n = max(1, min(40, round(rng.expovariate(1 / mean_logs)) or 1))
        lapses = sum(1 for _ in range(n - 1) if rng.random() < 0.1) + (state == "relearning")
        times = [last]  # earlier reviews, spaced back from the last one
        for _ in range(n - 1):
            times.append(times[-1] - timedelta(days=rng.uniform(0.5, 30)))
        times.reverse()
        reviews: list[Review] = []
        prior, lapses_so_far = "new", 0
        for i, at in enumerate(times):
            final = i == n - 1
            rating = 3 if final and state == "review" else rng.choice((1, 2, 3, 3, 3, 4))
            if final:
                r_state, r_step, r_stab, r_due, lapses_so_far = state, step, stability, due, lapses
            else:
                r_state, r_step = ("learning", 0) if i == 0 else ("review", None)
                r_stab = stability * (i + 1) / n
                r_due = at + timedelta(days=max(0.01, r_stab))
                if rating == 1 and prior == "review":
                    lapses_so_far = min(lapses, lapses_so_far + 1)
            elapsed = None if i == 0 else (at - times[i - 1]).total_seconds() / 86400
            reviews.append(
                Review(at, rating, prior, r_state, r_step, r_stab, difficulty, r_due, i + 1,
                       lapses_so_far, elapsed, rng.randint(2000, 30000))
            )  # fmt: skip
            prior = r_state
        plan[index] = BenchCard(*row, state=state, reviews=tuple(reviews))
    return [card for card in plan if card is not None]


def fmt_db(dt: datetime) -> str:
    """SQLAlchemy's SQLite DateTime text format (naive UTC)."""
    return dt.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


# --- prep ------------------------------------------------------------------------------------


@dataclass
class PrepCollection:
    work: Path
    home: Path
    decks: Path
    env: dict[str, str]  # for subprocesses: this PREP_HOME / PREP_DECKS, bytecode cached in work
    argv: list[str]  # how to run prep
    plan: list[BenchCard]
    notes: int
    files: int
    first_sync: float
    logs: int
    now: datetime  # the moment the history was planned around

    @property
    def db(self) -> Path:
        return self.home / "prep.db"


def prep_command() -> list[str]:
    exe = Path(sys.executable).with_name("prep")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "prep"]


def build_prep(
    work: Path, cards: int, logs_per_card: float, rng: random.Random, say: Callable[[str], None]
) -> PrepCollection:
    """Write the decks, sync them with prep, then add the history; sets PREP_HOME/PREP_DECKS."""
    home, decks = work / "home", work / "decks"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREP_")}
    env.update(PREP_HOME=str(home), PREP_DECKS=str(decks), NO_COLOR="1")
    # Child processes cache their bytecode, as an installed prep (or anki) does, but under the
    # work dir: nothing is written into the checkout, and nothing survives the run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    for key in [k for k in os.environ if k.startswith("PREP_")]:
        del os.environ[key]
    os.environ.update(PREP_HOME=str(home), PREP_DECKS=str(decks))

    start = time.perf_counter()
    notes, files = write_decks(decks, cards, rng)
    say(f"wrote {notes} notes ({cards} cards) in {files} files, {DECKS} decks  {_s(start)}")

    from prep.app import App
    from prep.core.days import day_bounds
    from prep.services.sync import sync_decks

    app = App.from_env()
    start = time.perf_counter()
    report = sync_decks(app)
    first_sync = time.perf_counter() - start
    if report.errors:
        raise SystemExit(f"sync reported {len(report.errors)} errors, e.g. {report.errors[0]}")
    say(f"prep sync: {report.cards_added} cards (shipped decks included)  {_s(start)}")
    now = app.now()
    day_start, _ = day_bounds(now, app.timezone, app.config.day_starts_at)
    app.engine.dispose()

    start = time.perf_counter()
    con = sqlite3.connect(home / "prep.db")
    rows = con.execute(
        "SELECT c.id, c.key, c.ordinal, c.deck, n.note_id, n.type, n.question, n.answer, "
        "n.tags, n.position FROM cards c JOIN notes n ON n.id = c.note_pk "
        "WHERE c.deck LIKE ? ORDER BY c.id",
        (ROOT_DECK + "::%",),
    ).fetchall()
    con.close()
    plan = plan_history(rows, now, day_start, rng, logs_per_card)
    logs = write_prep_history(home / "prep.db", plan)
    say(f"prep history: {logs} review logs, {_shape(plan)}  {_s(start)}")
    return PrepCollection(
        work, home, decks, env, prep_command(), plan, notes, files, first_sync, logs, now
    )


def write_prep_history(db: Path, plan: list[BenchCard]) -> int:
    con = sqlite3.connect(db)
    next_id = con.execute("SELECT coalesce(max(id), 0) FROM review_logs").fetchone()[0] + 1
    log_rows: list[tuple[object, ...]] = []
    card_rows: list[tuple[object, ...]] = []
    for card in plan:
        for r in card.reviews:
            log_rows.append((
                next_id, card.prep_id, "review", r.rating, fmt_db(r.at), r.prior, r.state, r.step,
                r.stability, r.difficulty, fmt_db(r.due), fmt_db(r.at), r.reps, r.lapses,
                r.elapsed_days, r.duration_ms, PARAMETERS, 0.9, None, card.deck, card.note_id,
            ))  # fmt: skip
            next_id += 1
        if (last := card.last) is not None:
            card_rows.append((
                last.state, last.step, last.stability, last.difficulty, fmt_db(last.due),
                fmt_db(last.at), last.reps, last.lapses, next_id - 1, card.prep_id,
            ))  # fmt: skip
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
    return len(log_rows)


def _shape(plan: list[BenchCard]) -> str:
    states = {s: sum(1 for c in plan if c.state == s) for s in ("review", "learning", "new")}
    states["learning"] += sum(1 for c in plan if c.state == "relearning")
    return f"{states['review']} review, {states['learning']} learning, {states['new']} new"


# --- Anki ------------------------------------------------------------------------------------

ANKI_TYPE = {"new": 0, "learning": 1, "review": 2, "relearning": 3}
ANKI_REVLOG_TYPE = {"new": 0, "learning": 0, "review": 1, "relearning": 2}
NOTETYPE = {
    "basic": "Basic",
    "behavioral": "Basic",
    "reverse": "Basic (and reversed card)",
    "cloze": "Cloze",
}


@dataclass
class AnkiCollection:
    path: Path
    root_deck_id: int


def build_anki(
    path: Path,
    plan: list[BenchCard],
    now: datetime,
    tz: tzinfo,
    rollover_hour: int,
    learning_steps: int,
    say: Callable[[str], None],
) -> AnkiCollection:
    """The same collection in Anki: created with its API, filled with bulk SQL, then checked."""
    from anki.collection import Collection

    from prep.core.days import day_bounds, study_day
    from prep.core.notes import deck_ancestors

    start = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    col = Collection(str(path))
    col.set_config("rollover", rollover_hour)
    col.set_config("collapseTime", 20 * 60)  # learn-ahead limit: prep's default 20 minutes
    col.set_config("fsrs", True)
    conf = col.decks.get_config(1)
    assert conf is not None
    conf["new"]["perDay"], conf["rev"]["perDay"] = 20, 200  # prep's per-deck defaults
    conf["new"]["bury"] = conf["rev"]["bury"] = conf["buryInterdayLearning"] = True
    conf["desiredRetention"] = 0.9
    col.decks.update_config(conf)
    deck_ids = {name: int(col.decks.id(name) or 0) for name in sorted({c.deck for c in plan})}
    root_id = int(col.decks.id(ROOT_DECK) or 0)
    col.decks.select(root_id)
    notetypes = {name: int(col.models.by_name(name)["id"]) for name in set(NOTETYPE.values())}
    today = col.sched.today
    # What was studied today counts against today's limits, in prep from its review log and in
    # Anki from each deck's counters (which an answer bumps in the deck and all its parents).
    day_start, _ = day_bounds(now, tz, rollover_hour)
    studied = {"new": Counter[str](), "review": Counter[str]()}
    today_notes: set[str] = set()
    for card in plan:
        for r in card.reviews:
            if r.at >= day_start:
                today_notes.add(card.note_id)
                if r.prior in studied:
                    for deck in deck_ancestors(card.deck):
                        studied[r.prior][deck] += 1
    for name in {d for counter in studied.values() for d in counter}:
        deck = col.decks.by_name(name)
        assert deck is not None
        deck["newToday"] = [today, studied["new"][name]]
        deck["revToday"] = [today, studied["review"][name]]
        col.decks.save(deck)
    col.set_config("lastUnburied", today)  # the siblings buried below stay buried today
    col.close()

    stamp = int(now.timestamp())
    first_id = (stamp - 86400 * 400) * 1000  # ids are millisecond times, like Anki's
    notes: list[tuple[object, ...]] = []
    note_ids: dict[str, int] = {}
    cards: list[tuple[object, ...]] = []
    revlog: list[tuple[int, ...]] = []
    positions = {p: i for i, p in enumerate(sorted({c.position for c in plan}))}
    today_day = study_day(now, tz, rollover_hour)
    for card in sorted(plan, key=lambda c: (c.position, c.ordinal)):
        if card.note_id not in note_ids:
            kind = NOTETYPE[card.note_type]
            fields = [card.question, ""] if kind == "Cloze" else [card.question, card.answer]
            csum = int(hashlib.sha1(fields[0].encode()).hexdigest()[:8], 16)
            note_ids[card.note_id] = first_id + len(notes)
            notes.append((
                first_id + len(notes), f"b{len(notes)}", notetypes[kind], stamp, -1, card.tags,
                "\x1f".join(fields), fields[0], csum, 0, "",
            ))  # fmt: skip
        note_anki_id = note_ids[card.note_id]
        card_id = first_id + len(cards)
        ord_ = card.ordinal - 1 if card.note_type == "cloze" else card.ordinal
        last = card.last
        # Siblings of a card studied today wait for tomorrow (prep skips them, Anki buries them).
        sibling_buried = card.note_id in today_notes and (last is None or last.at < day_start)
        if last is None:
            cards.append((
                card_id, note_anki_id, deck_ids[card.deck], ord_, stamp, -1, 0,
                -3 if sibling_buried else 0, positions[card.position], 0, 0, 0, 0, 0, 0, 0, 0, "{}",
            ))  # fmt: skip
            continue
        memory = json.dumps(
            {"s": round(last.stability, 4), "d": round(last.difficulty, 3), "dr": 0.9,
             "decay": ANKI_DECAY, "lrt": int(last.at.timestamp())},
            separators=(",", ":"),
        )  # fmt: skip
        days = max(1, round((last.due - last.at).total_seconds() / 86400))
        if card.state == "review":
            due = today + (study_day(last.due, tz, rollover_hour) - today_day).days
            ivl, left = days, 0
        else:  # (re)learning: due is a time in seconds
            due = int(last.due.timestamp())
            ivl = days if card.state == "relearning" else 0
            left = 1 if card.state == "relearning" else learning_steps - (last.step or 0)
        queue = 1 if left else -3 if sibling_buried else 2
        cards.append((
            card_id, note_anki_id, deck_ids[card.deck], ord_, stamp, -1, ANKI_TYPE[card.state],
            queue, due, ivl, 2500, last.reps, last.lapses, left, 0, 0, 0, memory,
        ))  # fmt: skip
        last_ivl = 0
        for r in card.reviews:
            seconds = (r.due - r.at).total_seconds()
            ivl = max(1, round(seconds / 86400)) if r.state == "review" else -int(seconds)
            revlog.append((
                int(r.at.timestamp() * 1000), card_id, -1, r.rating, ivl, last_ivl,
                round(r.difficulty * 100), min(r.duration_ms, 60000), ANKI_REVLOG_TYPE[r.prior],
            ))  # fmt: skip
            last_ivl = ivl
    revlog.sort()
    previous = 0
    for i, (log_id, *rest) in enumerate(revlog):  # revlog ids are unique millisecond times
        previous = max(previous + 1, log_id)
        revlog[i] = (previous, *rest)
    tags = sorted({t for c in plan for t in c.tags.split()})

    con = sqlite3.connect(path)
    # Anki's case-insensitive collation (its tags table uses it); our tags are ASCII.
    con.create_collation("unicase", lambda x, y: (x.lower() > y.lower()) - (x.lower() < y.lower()))
    with con:
        con.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
        con.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
        con.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", revlog)
        con.executemany("INSERT INTO tags VALUES (?, -1, 0, NULL)", [(t,) for t in tags])
    con.execute("ANALYZE")  # what Anki's Check Database leaves behind
    con.close()
    say(f"anki build: {len(notes)} notes, {len(cards)} cards, {len(revlog)} revlog  {_s(start)}")
    check_anki(path, plan, now, tz, rollover_hour)
    return AnkiCollection(path, root_id)


def check_anki(
    path: Path, plan: list[BenchCard], now: datetime, tz: tzinfo, rollover_hour: int
) -> None:
    """Anki's scheduler must see the planned collection: same cards, states and due counts."""
    from anki.collection import Collection

    from prep.core.days import day_bounds

    col = Collection(str(path))
    try:
        today, cutoff = col.sched.today, now.timestamp() + 20 * 60
        got = {
            "cards": col.db.scalar("SELECT count() FROM cards"),
            "new": col.db.scalar("SELECT count() FROM cards WHERE type = 0"),
            "review due": col.db.scalar(
                "SELECT count() FROM cards WHERE type = 2 AND due <= ?", today
            ),
            "learning due": col.db.scalar(
                "SELECT count() FROM cards WHERE queue = 1 AND due <= ?", cutoff
            ),
        }
        _, day_end = day_bounds(now, tz, rollover_hour)
        horizon = now + timedelta(minutes=20)
        finals = [(c.state, c.last.due) for c in plan if c.last is not None]
        want = {
            "cards": len(plan),
            "new": sum(1 for c in plan if c.state == "new"),
            "review due": sum(1 for s, due in finals if s == "review" and due < day_end),
            "learning due": sum(1 for s, due in finals if s != "review" and due <= horizon),
        }
        if got != want:
            raise SystemExit(f"the Anki collection does not match the plan: {got} != {want}")
        queued = col.sched.get_queued_cards(fetch_limit=1)
        if not queued.cards or col.decks.current()["name"] != ROOT_DECK:
            raise SystemExit("Anki's scheduler found no card to study in the bench collection")
    finally:
        col.close()


ANKI_QUEUE_SCRIPT = """
import json, sys
from anki.collection import Collection
col = Collection(sys.argv[1])
queued = col.sched.get_queued_cards(fetch_limit=int(sys.argv[2]))
print(json.dumps({"cards": [c.card.id for c in queued.cards], "learning": queued.learning_count,
                  "review": queued.review_count, "new": queued.new_count}))
col.close()
"""


# --- timing ----------------------------------------------------------------------------------


def measure(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def run_process(cmd: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} … failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def ms(samples: list[float]) -> str:
    return (
        f"{median_ms(samples):9.1f} ms  (median of {len(samples)}; "
        f"min {min(samples) * 1000:.1f}, max {max(samples) * 1000:.1f})"
    )


def verdict(name: str, value: float, budget: float, detail: str) -> bool:
    """Print one verdict line; True when within budget."""
    ok = value <= budget
    print(f"VERDICT {name}: {detail} (budget ≤ {budget:g}): {'PASS' if ok else 'FAIL'}")
    return ok


def _s(start: float) -> str:
    return f"[{time.perf_counter() - start:.1f} s]"
