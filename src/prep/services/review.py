"""Reviewing cards: today's queue, answering, undo, and the card actions around them."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.days import day_bounds
from prep.core.errors import ConflictError, NotFoundError, PrepError
from prep.core.notes import Note
from prep.core.replay import replay
from prep.core.schedule import NEW, Grade, Memory, preview, retrievability, review
from prep.store.models import CardRow, NoteRow, ReviewLogRow
from prep.store.reads import SessionReader
from prep.store.repo import (
    find_card,
    from_db,
    log_entries,
    memory_of,
    memory_values,
    note_of,
    note_row,
    reverted_ids,
    store_memory,
    to_db,
)


@dataclass(frozen=True)
class ShownCard:
    """A card ready to show: its note, which side, and its state when shown."""

    id: int
    key: str
    kind: str
    note: Note
    front: str
    back: str
    memory: Memory
    last_log_id: int | None


@dataclass(frozen=True)
class Answer:
    key: str
    grade: Grade
    reviewed_at: datetime
    memory: Memory
    leech: bool
    log_id: int


def show(app: App, key: str, kind: str = "") -> ShownCard:
    with app.uow() as uow:
        s = uow.session
        row = s.connection().execute(_SHOWN_BY_KEY, {"ref": key.strip()}).first()
        if row is None:  # a note id, or no such card: find_card says which
            row = s.connection().execute(_SHOWN_BY_ID, {"ref": find_card(s, key).id}).one()
        # The selected row holds the note's columns under their own names.
        note = note_of(row)  # type: ignore[arg-type]
        spec = next((c for c in note.cards() if c.key == row.card_key), None)
        if spec is None:
            raise NotFoundError(f"card '{key}' is no longer in its note {note.path}:{note.line}")
        return ShownCard(
            row.card_id,
            row.card_key,
            kind,
            note,
            spec.front,
            spec.back,
            memory_of(row),
            row.last_log_id,
        )


def intervals(app: App, shown: ShownCard) -> dict[Grade, timedelta]:
    return preview(app.scheduler_for(shown.note.deck), shown.memory, app.now(), shown.id)


ANY = object()  # answer whatever the card's current state is (the scriptable `prep grade`)


def answer(
    app: App,
    key: str,
    grade: Grade,
    at: datetime | None = None,
    expected_log_id: int | object | None = ANY,
    duration_ms: int | None = None,
) -> Answer:
    """Record one answer durably. Recomputed from the current row inside the write transaction.

    `expected_log_id` is the card's last log id when it was shown; if another process answered
    it since, nothing is recorded (so one answer is never applied twice).
    """
    # Core statements on the transaction's connection, not ORM objects: answering is the
    # review loop's hot path (DESIGN §7), and the unit of work's flush costs more than the SQL.
    with app.uow(write=True) as uow:
        s = uow.session
        conn = s.connection()  # begins the write transaction (BEGIN IMMEDIATE on SQLite)
        card = conn.execute(_ANSWERED_BY_KEY, {"ref": key.strip()}).first()
        if card is None:  # a note id, or no such card: find_card says which
            card = conn.execute(_ANSWERED_BY_ID, {"ref": find_card(s, key).id}).one()
        # Read the clock only once the card is locked, so a concurrent answer that committed
        # while we waited can never be "later" than ours.
        now = at or app.now()
        if expected_log_id is not ANY and card.last_log_id != expected_log_id:
            raise ConflictError(
                f"card '{card.key}' was answered elsewhere since it was shown; nothing was recorded"
            )
        if not card.active:
            raise PrepError(
                f"card '{card.key}' is suspended or no longer in a deck; "
                f"`prep unsuspend {card.key}` first"
            )
        memory = memory_of(card)
        if memory.last_review is not None and now < memory.last_review:
            raise PrepError(
                f"--at {now.isoformat()} is before card '{card.key}' was last reviewed "
                f"({memory.last_review.isoformat()}); give a later time"
            )
        rng = app.rng if app.config.fuzz else None
        scheduler = app.scheduler_for(card.deck, SessionReader(s))
        new = review(scheduler, memory, grade, now, card.id, rng)
        state = memory_values(new)
        inserted = conn.execute(
            _INSERT_LOG,
            {
                "card_id": card.id,
                "kind": "review",
                "rating": int(grade),
                "reviewed_at": to_db(now),
                "prior_state": memory.state,
                **state,
                "elapsed_days": _elapsed(memory, now),
                "duration_ms": duration_ms,
                "parameters": _parameters_json(scheduler.parameters),
                "desired_retention": app.config.desired_retention,
                "deck": card.deck,
                "note_id": card.note_id,
            },
        ).inserted_primary_key
        if inserted is None:  # never for one row: lastrowid on SQLite, RETURNING elsewhere
            raise PrepError(f"the answer to card '{card.key}' was not recorded")
        log_id: int = inserted[0]
        leech = (
            grade is Grade.AGAIN
            and new.lapses > memory.lapses
            and new.lapses >= app.config.leech_threshold
        )
        suspended = {"leech": True, "suspended": True, "active": False} if leech else {}
        conn.execute(
            _UPDATE_CARD, {"card_pk": card.id, **state, "last_log_id": log_id, **suspended}
        )
        uow.commit()
        return Answer(card.key, grade, now, new, leech, log_id)


_MEMORY_COLUMNS = (
    CardRow.state,
    CardRow.step,
    CardRow.stability,
    CardRow.difficulty,
    CardRow.due,
    CardRow.last_review,
    CardRow.reps,
    CardRow.lapses,
)
_ANSWERED = (
    select(
        CardRow.id,
        CardRow.key,
        CardRow.deck,
        CardRow.active,
        CardRow.last_log_id,
        *_MEMORY_COLUMNS,
        NoteRow.note_id,
    )
    .join(NoteRow, CardRow.note_pk == NoteRow.id)
    # The card's row only (PostgreSQL: FOR UPDATE OF cards); SQLite's BEGIN IMMEDIATE has
    # already taken the write lock.
    .with_for_update(of=CardRow.__table__)
)
_ANSWERED_BY_KEY = _ANSWERED.where(CardRow.key == bindparam("ref"))
_ANSWERED_BY_ID = _ANSWERED.where(CardRow.id == bindparam("ref"))
_SHOWN = select(
    CardRow.id.label("card_id"),
    CardRow.key.label("card_key"),
    CardRow.last_log_id,
    *_MEMORY_COLUMNS,
    NoteRow.note_id,
    NoteRow.type,
    NoteRow.deck,
    NoteRow.question,
    NoteRow.answer,
    NoteRow.tags,
    NoteRow.area,
    NoteRow.path,
    NoteRow.line,
).join(NoteRow, CardRow.note_pk == NoteRow.id)
_SHOWN_BY_KEY = _SHOWN.where(CardRow.key == bindparam("ref"))
_SHOWN_BY_ID = _SHOWN.where(CardRow.id == bindparam("ref"))
# Columns not given are left out of the INSERT (reverts_id stays NULL) and the UPDATE.
_INSERT_LOG = insert(ReviewLogRow)
_UPDATE_CARD = update(CardRow).where(CardRow.id == bindparam("card_pk"))


@functools.cache
def _parameters_json(parameters: tuple[float, ...]) -> str:
    """The scheduler's parameters as each log row records them (the same few per process)."""
    return json.dumps(list(parameters))


def _elapsed(memory: Memory, now: datetime) -> float | None:
    if memory.last_review is None:
        return None
    return (now - memory.last_review).total_seconds() / 86400


def undo(app: App) -> tuple[str, Memory]:
    """Revert the most recent answer (or forget) still in force by appending an undo row."""
    with app.uow(write=True) as uow:
        s = uow.session
        last = s.scalars(
            select(ReviewLogRow)
            .where(
                ReviewLogRow.kind.in_(("review", "forget")), ReviewLogRow.id.not_in(reverted_ids())
            )
            .order_by(ReviewLogRow.id.desc())
            .limit(1)
            .with_for_update()
        ).first()
        if last is None:
            raise PrepError("nothing to undo: no answer has been recorded")
        already = s.scalar(
            select(ReviewLogRow.id).where(
                ReviewLogRow.kind == "undo", ReviewLogRow.reverts_id == last.id
            )
        )
        if already is not None:
            raise ConflictError(
                "that answer was just undone by another session; nothing was changed"
            )
        card = s.scalars(select(CardRow).where(CardRow.id == last.card_id).with_for_update()).one()
        entries = log_entries(s, card.id)
        if any(e.kind == "reschedule" and e.id > last.id for e in entries):
            raise PrepError(
                f"cannot undo the last answer (card '{card.key}'): `prep optimize` has "
                "rescheduled the card with new parameters since; answer it again instead"
            )
        before = replay([e for e in entries if e.id != last.id])
        row = ReviewLogRow(
            card_id=card.id,
            kind="undo",
            rating=None,
            reviewed_at=to_db(app.now()),
            prior_state=card.state,
            reverts_id=last.id,
            deck=card.deck,
            note_id=last.note_id,
        )
        store_memory(row, before)
        s.add(row)
        s.flush()
        store_memory(card, before)
        card.last_log_id = row.id
        if card.leech and before.lapses < app.config.leech_threshold:
            card.leech, card.suspended = False, False
            card.active = not card.removed and _note_active(s, card)
        uow.commit()
        return card.key, before


def _note_active(s: Session, card: CardRow) -> bool:
    note = s.get_one(NoteRow, card.note_pk)
    return not note.removed and note.available


def set_suspended(app: App, key: str, suspended: bool) -> str:
    with app.uow(write=True) as uow:
        card = find_card(uow.session, key, lock=True)
        card.suspended = suspended
        if not suspended:
            card.leech = False
        card.active = not suspended and not card.removed and _note_active(uow.session, card)
        uow.commit()
        return card.key


def bury(app: App, key: str) -> tuple[str, datetime]:
    """Hide a card until the next day rollover."""
    _, end = day_bounds(app.now(), app.timezone, app.config.day_starts_at)
    with app.uow(write=True) as uow:
        card = find_card(uow.session, key, lock=True)
        card.buried_until = to_db(end)
        uow.commit()
        return card.key, end


def set_flag(app: App, key: str, flag: int) -> str:
    if not 0 <= flag <= 7:
        raise PrepError(f"flag {flag} is not valid: use 0 (none) to 7")
    with app.uow(write=True) as uow:
        card = find_card(uow.session, key, lock=True)
        card.flag = flag
        uow.commit()
        return card.key


def forget(app: App, key: str) -> str:
    """Reset a card to new; its history stays, and a 'forget' row records the reset."""
    with app.uow(write=True) as uow:
        s = uow.session
        card = find_card(s, key, lock=True)
        note = note_row(s, card)
        row = ReviewLogRow(
            card_id=card.id,
            kind="forget",
            rating=None,
            reviewed_at=to_db(app.now()),
            prior_state=card.state,
            deck=card.deck,
            note_id=note.note_id,
        )
        fresh = Memory()
        store_memory(row, fresh)
        s.add(row)
        s.flush()
        store_memory(card, fresh)
        card.last_log_id = row.id
        uow.commit()
        return card.key


def leeches(app: App) -> list[CardRow]:
    with app.uow() as uow:
        return list(
            uow.session.scalars(
                select(CardRow).where(CardRow.leech.is_(True)).order_by(CardRow.key)
            )
        )


@dataclass(frozen=True)
class CardInfo:
    key: str
    note: Note
    front: str
    back: str
    memory: Memory
    retrievability: float | None
    suspended: bool
    buried_until: datetime | None
    flag: int
    leech: bool
    active: bool
    history: list[ReviewLogRow]


def card_info(app: App, key: str) -> CardInfo:
    shown = show(app, key)
    with app.uow() as uow:
        card = find_card(uow.session, key)
        history = list(
            uow.session.scalars(
                select(ReviewLogRow)
                .where(ReviewLogRow.card_id == card.id)
                .order_by(ReviewLogRow.id)
            )
        )
        r = (
            None
            if shown.memory.state == NEW
            else retrievability(
                app.scheduler_for(card.deck, SessionReader(uow.session)), shown.memory, app.now()
            )
        )
        return CardInfo(
            card.key,
            shown.note,
            shown.front,
            shown.back,
            shown.memory,
            r,
            card.suspended,
            from_db(card.buried_until),
            card.flag,
            card.leech,
            card.active,
            history,
        )
