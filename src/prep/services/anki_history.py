"""The review history of imported Anki cards, replayed with prep's FSRS scheduler.

Each revlog entry with an answer button (ease 1-4) becomes a prep review log, its state
computed by prep's scheduler from the card's state before it, so a card's cached state stays
the replay of its logs. A reset to new (Anki's Forget) becomes a "forget" log; a manual "set
due date" is not a review and is skipped. An entry imported before (table anki_reviews) is
never added twice, and one older than the card's newest log in prep is skipped, so a history
reviewed on in prep is only ever extended. Suspended, buried and flagged cards stay so.
Everything is written set-at-a-time: an import of 200,000 reviews is a few statements.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.days import day_bounds
from prep.core.schedule import Grade, Memory, review
from prep.interop.anki_collection import SourceCard, SourceCollection, SourceReview
from prep.services.progress import Progress
from prep.store.bulk import insert_many, rows_in
from prep.store.lite import to_text
from prep.store.models import AnkiReviewRow, CardRow, ReviewLogRow
from prep.store.repo import from_db, memory_of, memory_values, to_db

QUEUE_SUSPENDED, QUEUE_SCHED_BURIED, QUEUE_USER_BURIED = -1, -2, -3
REVLOG_LEARN, REVLOG_RELEARN, REVLOG_MANUAL = 0, 2, 4
TYPE_NEW = 0
_CARDS = cast(Table, CardRow.__table__)
_LOGS = cast(Table, ReviewLogRow.__table__)
_MAPPED = cast(Table, AnkiReviewRow.__table__)
_MEMORY = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")

Skip = Callable[[str, int, str | None], None]  # reason, how many, an example


@dataclass(frozen=True)
class ImportedCard:
    key: str  # the prep card key
    note_id: str
    source: SourceCard


@dataclass
class HistoryResult:
    reviews: int = 0  # logs added
    known: int = 0  # revlog entries imported before
    suspended: int = 0  # cards newly suspended


def import_history(
    app: App,
    s: Session,
    col: SourceCollection,
    cards: dict[int, ImportedCard],
    skip: Skip,
    progress: Progress | None = None,
) -> HistoryResult:
    """Carry over the state flags and review logs of `cards` (Anki card id -> prep card)."""
    result = HistoryResult()
    by_key = {card.key: card for card in cards.values()}
    columns = [_CARDS.c[name] for name in ("id", "key", "deck", "suspended", *_MEMORY)]
    rows = {r.key: r for r in rows_in(s, select(*columns), _CARDS.c.key, sorted(by_key))}
    result.suspended = _flags(app, s, rows, by_key)
    entries: dict[str, list[SourceReview]] = defaultdict(list)
    in_file = {c.id for c in col.cards}
    not_imported = deleted = 0
    for entry in col.reviews:
        card = cards.get(entry.card_id)
        if card is not None and card.key in rows:
            entries[card.key].append(entry)
        elif entry.card_id in in_file:
            not_imported += 1
        else:
            deleted += 1
    skip("review of a card that was not imported", not_imported, None)
    skip("review of a card no longer in the file (deleted in Anki)", deleted, None)
    ids = [rows[key].id for key in entries]
    known = _imported_before(s, ids)
    latest = _latest_log(s, ids)
    replay = _Replay(app, col.three_button_learning, skip)
    for done, key in enumerate(by_key):
        if progress and done % 200 == 0:
            progress("reviews", done, len(by_key))
        row = rows.get(key)
        if row is None:
            continue
        fresh = [e for e in entries.get(key, []) if (row.id, e.id) not in known]
        result.known += len(entries.get(key, [])) - len(fresh)
        added = replay.card(row, by_key[key], fresh, latest.get(row.id))
        if not added and row.reps == 0 and by_key[key].source.type != TYPE_NEW:
            skip("card scheduled in Anki without review history (starts as new)", 1, key)
    if progress:
        progress("reviews", len(by_key), len(by_key))
    dialect = s.get_bind().dialect.name
    insert_many(s, _LOGS, [_storable(log, dialect) for log in replay.logs])
    insert_many(s, _MAPPED, replay.marks)
    _cache_states(s, replay.finals)
    result.reviews = len(replay.logs)
    return result


class _Replay:
    """Turns one card's new revlog entries into prep logs, on top of its current state."""

    def __init__(self, app: App, three_button: bool, skip: Skip) -> None:
        self.app = app
        self.three_button = three_button
        self.skip = skip
        self.parameters = json.dumps(list(app.scheduler.parameters))
        self.logs: list[dict[str, Any]] = []
        self.marks: list[dict[str, Any]] = []
        self.finals: dict[int, Memory] = {}

    def card(
        self, row: Any, card: ImportedCard, entries: Sequence[SourceReview], floor: datetime | None
    ) -> int:
        memory = memory_of(row)
        added = 0
        for entry in entries:
            at = datetime.fromtimestamp(entry.id / 1000, UTC)
            where = f"{card.key} at {at:%Y-%m-%d %H:%M}"
            kind, grade = kind_of(entry, self.three_button)
            if kind is None:
                reason = (
                    "manual rescheduling in Anki (set due date: not a review)"
                    if entry.ease == 0
                    else f"revlog entry with unknown answer button {entry.ease}"
                )
                self.skip(reason, 1, where)
                continue
            if floor is not None and at <= floor:
                self.skip("review older than the card's latest review in prep", 1, where)
                continue
            new = (
                Memory()
                if grade is None
                else review(self.app.scheduler, memory, grade, at, row.id, None)
            )
            self.logs.append(self._log(row, card, entry, at, kind, grade, memory, new))
            self.marks.append({"card_id": row.id, "revlog_id": entry.id})
            memory, floor = new, at
            added += 1
        if added:
            self.finals[row.id] = memory
        return added

    def _log(
        self,
        row: Any,
        card: ImportedCard,
        entry: SourceReview,
        at: datetime,
        kind: str,
        grade: Grade | None,
        before: Memory,
        after: Memory,
    ) -> dict[str, Any]:
        answered = grade is not None
        elapsed = (
            (at - before.last_review).total_seconds() / 86400
            if answered and before.last_review is not None
            else None
        )
        return {
            "card_id": row.id, "kind": kind, "rating": int(grade) if grade else None,
            "reviewed_at": at, "prior_state": before.state, "deck": row.deck,
            "note_id": card.note_id, "reverts_id": None, "elapsed_days": elapsed,
            "duration_ms": entry.time_ms if answered and entry.time_ms > 0 else None,
            "parameters": self.parameters if answered else None,
            "desired_retention": self.app.config.desired_retention if answered else None,
            **memory_values(after),
        }  # fmt: skip


def kind_of(entry: SourceReview, three_button: bool) -> tuple[str | None, Grade | None]:
    """("review", grade), ("forget", None) for a reset to new, or (None, None) to skip."""
    if entry.ease == 0:
        if entry.type == REVLOG_MANUAL and entry.interval == 0 and entry.factor == 0:
            return "forget", None  # what Anki's Forget (reset to new) writes
        return None, None
    if not 1 <= entry.ease <= 4:
        return None, None
    ease = entry.ease
    if three_button and entry.type in (REVLOG_LEARN, REVLOG_RELEARN) and ease > 1:
        ease += 1  # Anki's v1 scheduler: (re)learning buttons were Again, Good, Easy
    return "review", Grade(min(ease, 4))


def _flags(app: App, s: Session, rows: dict[str, Any], cards: dict[str, ImportedCard]) -> int:
    """Suspended, buried and flagged cards come across as such; return how many were suspended."""
    _, day_end = day_bounds(app.now(), app.timezone, app.config.day_starts_at)
    suspend, bury, flag = [], [], []
    for key, card in cards.items():
        row = rows.get(key)
        if row is None:
            continue
        if card.source.queue == QUEUE_SUSPENDED and not row.suspended:
            suspend.append({"pk": row.id})
        elif card.source.queue in (QUEUE_SCHED_BURIED, QUEUE_USER_BURIED):
            bury.append({"pk": row.id, "v_until": to_db(day_end)})
        if card.source.flag:
            flag.append({"pk": row.id, "v_flag": card.source.flag})
    by_id = _CARDS.c.id == bindparam("pk")
    if suspend:
        s.execute(update(_CARDS).where(by_id).values(suspended=True, active=False), suspend)
    if bury:
        s.execute(update(_CARDS).where(by_id).values(buried_until=bindparam("v_until")), bury)
    if flag:
        s.execute(update(_CARDS).where(by_id).values(flag=bindparam("v_flag")), flag)
    return len(suspend)


def _imported_before(s: Session, card_ids: list[int]) -> set[tuple[int, int]]:
    query = select(_MAPPED.c.card_id, _MAPPED.c.revlog_id)
    return {(r.card_id, r.revlog_id) for r in rows_in(s, query, _MAPPED.c.card_id, card_ids)}


def _latest_log(s: Session, card_ids: list[int]) -> dict[int, datetime]:
    """When each card was last answered or reset in prep (imported reviews included)."""
    latest: dict[int, datetime] = {}
    query = (
        select(_LOGS.c.card_id, func.max(_LOGS.c.reviewed_at))
        .where(_LOGS.c.kind.in_(("review", "forget")))
        .group_by(_LOGS.c.card_id)
    )
    for row in rows_in(s, query, _LOGS.c.card_id, card_ids):
        card_id, at = cast(tuple[int, datetime | None], tuple(row))
        moment = from_db(at)
        if moment is not None:
            latest[card_id] = moment
    return latest


def _cache_states(s: Session, finals: dict[int, Memory]) -> None:
    """Each card's cached state is its newest log's state (the replay); last_log_id that log."""
    ids = sorted(finals)
    newest: dict[int, int] = {}
    query = select(_LOGS.c.card_id, func.max(_LOGS.c.id).label("newest")).group_by(_LOGS.c.card_id)
    newest.update((row.card_id, row.newest) for row in rows_in(s, query, _LOGS.c.card_id, ids))
    values: dict[str, Any] = {name: bindparam(f"v_{name}") for name in (*_MEMORY, "last_log_id")}
    stmt = update(_CARDS).where(_CARDS.c.id == bindparam("pk")).values(values)
    params = [
        {
            "pk": card_id,
            "v_last_log_id": newest[card_id],
            **{f"v_{k}": v for k, v in memory_values(finals[card_id]).items()},
        }
        for card_id in ids
    ]
    for start in range(0, len(params), 5000):
        s.execute(stmt, params[start : start + 5000])


def _storable(log: dict[str, Any], dialect: str) -> dict[str, Any]:
    """Times as the database stores them (insert_many bypasses SQLAlchemy's conversions)."""
    out = dict(log)
    for name in ("reviewed_at", "due", "last_review"):
        value = out[name]
        if value is None:
            continue
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        out[name] = (
            to_text(aware) if dialect == "sqlite" else aware.astimezone(UTC).replace(tzinfo=None)
        )
    return out
