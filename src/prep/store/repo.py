"""The one place that converts between database rows and core objects."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, union_all
from sqlalchemy.orm import Session

from prep.core.errors import NotFoundError
from prep.core.notes import Note, NoteType
from prep.core.queue import Candidate, DoneToday
from prep.core.replay import LogEntry
from prep.core.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory
from prep.store.models import CardRow, NoteRow, ProblemLogRow, ProblemRow, ReviewLogRow


def to_db(dt: datetime | None) -> datetime | None:
    """Aware datetime -> naive UTC for storage."""
    if dt is None:
        return None
    return dt.astimezone(UTC).replace(tzinfo=None)


def from_db(dt: datetime | None) -> datetime | None:
    """Stored naive UTC -> aware UTC (SQLite drops the zone; fsrs needs it)."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def pack_tags(tags: tuple[str, ...] | list[str]) -> str:
    return f" {' '.join(tags)} " if tags else ""


def unpack_tags(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MemoryRow = CardRow | ReviewLogRow | ProblemRow | ProblemLogRow


def memory_of(row: MemoryRow | Any) -> Memory:
    """The memory held in a row's state columns (an ORM row or a selected Row alike)."""
    return Memory(
        state=row.state,
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=from_db(row.due),
        last_review=from_db(row.last_review),
        reps=row.reps,
        lapses=row.lapses,
    )


def memory_values(memory: Memory) -> dict[str, Any]:
    """A memory as the values of the state columns, times as stored."""
    return {
        "state": memory.state,
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": to_db(memory.due),
        "last_review": to_db(memory.last_review),
        "reps": memory.reps,
        "lapses": memory.lapses,
    }


def store_memory(row: MemoryRow, memory: Memory) -> None:
    for column, value in memory_values(memory).items():
        setattr(row, column, value)


def note_of(row: NoteRow) -> Note:
    return Note(
        id=row.note_id,
        type=NoteType(row.type),
        deck=row.deck,
        question=row.question,
        answer=row.answer,
        tags=unpack_tags(row.tags),
        area=row.area,
        path=row.path,
        line=row.line,
    )


def log_entries(session: Session, card_id: int) -> list[LogEntry]:
    rows = session.scalars(
        select(ReviewLogRow).where(ReviewLogRow.card_id == card_id).order_by(ReviewLogRow.id)
    )
    return [LogEntry(r.id, r.kind, memory_of(r), r.reverts_id) for r in rows]


def find_card(session: Session, ref: str, lock: bool = False) -> CardRow:
    """A card by its id (`note`, `note:c2`, `note:rev`), or by note id when it has one card."""
    ref = ref.strip()
    query = select(CardRow).where(CardRow.key == ref)
    if lock:
        query = query.with_for_update()
    row = session.scalars(query).first()
    if row is not None:
        return row
    siblings = list(
        session.scalars(
            select(CardRow)
            .join(NoteRow, CardRow.note_pk == NoteRow.id)
            .where(NoteRow.note_id == ref)
        )
    )
    if len(siblings) == 1:
        if lock:
            return session.scalars(
                select(CardRow).where(CardRow.id == siblings[0].id).with_for_update()
            ).one()
        return siblings[0]
    if siblings:
        keys = ", ".join(sorted(c.key for c in siblings))
        raise NotFoundError(f"note '{ref}' has {len(siblings)} cards ({keys}); name one of them")
    raise NotFoundError(f"no card with id '{ref}'; find ids with `prep search` or `prep due`")


def note_row(session: Session, card: CardRow) -> NoteRow:
    return session.get_one(NoteRow, card.note_pk)


def reverted_ids() -> Select[Any]:
    """Ids of log rows that an undo row reverted."""
    return select(ReviewLogRow.reverts_id).where(
        ReviewLogRow.kind == "undo", ReviewLogRow.reverts_id.is_not(None)
    )


# SQLite allows 500 terms in one compound SELECT.
DECKS_PER_QUERY = 200


def queue_candidates(
    session: Session,
    now: datetime,
    day_end: datetime,
    learn_ahead_minutes: int,
    new_per_deck_window: int,
    review_window: int | None = None,
    selected: str | None = None,
    recall: Callable[[Memory, str], float] | None = None,
    learning_until: datetime | None = None,
    review_groups: str = "top",
) -> list[Candidate]:
    """Cards that could be shown today: learning soon due, reviews due today, first new per deck.

    With `review_window`, only the `review_window` most overdue reviews of each group are
    fetched: of each top-level deck (or of the selected deck), or with `review_groups="deck"`
    of each deck, straight from the deck's index (needed when decks have limits of their own:
    a subdeck with a lower limit could fill its parent's window). No group can show more than
    the largest limit, so its later reviews could never enter today's queue. `learning_until`
    fetches
    learning cards due up to then instead of up to the learn-ahead horizon (a session that
    lasts keeps them at hand).
    """
    from datetime import timedelta

    horizon = to_db(learning_until or now + timedelta(minutes=learn_ahead_minutes))
    not_buried = or_(CardRow.buried_until.is_(None), CardRow.buried_until <= to_db(now))
    in_scope = (
        or_(CardRow.deck == selected, CardRow.deck.like(f"{selected}::%"))
        if selected is not None
        else CardRow.active.is_(True)
    )
    cols = (
        CardRow.id,
        CardRow.key,
        NoteRow.note_id,
        CardRow.deck,
        CardRow.state,
        CardRow.due,
        NoteRow.position,
    )
    base = (
        select(*cols, CardRow.stability, CardRow.last_review)
        .join(NoteRow, CardRow.note_pk == NoteRow.id)
        .where(CardRow.active.is_(True), not_buried, in_scope)
    )
    learning_rows = session.execute(
        base.where(CardRow.state.in_((LEARNING, RELEARNING)), CardRow.due <= horizon)
    ).all()
    reviews = base.where(CardRow.state == REVIEW, CardRow.due < to_db(day_end))
    if review_window is None:
        review_rows = list(session.execute(reviews).all())
    elif review_groups == "top":
        review_rows = _top_level_windows(
            session, reviews, review_window, selected, to_db(day_end), not_buried, in_scope
        )
    else:
        decks = list(
            session.scalars(
                select(CardRow.deck)
                .where(CardRow.active.is_(True), CardRow.state == REVIEW, in_scope)
                .distinct()
            )
        )
        review_rows = []
        for start in range(0, len(decks), DECKS_PER_QUERY):
            parts = [
                select(
                    reviews.where(CardRow.deck == deck)
                    .order_by(CardRow.due, CardRow.id)
                    .limit(review_window)
                    .subquery()
                )
                for deck in decks[start : start + DECKS_PER_QUERY]
            ]
            review_rows += session.execute(union_all(*parts)).all()
    ranked = (
        select(
            *cols,
            func.row_number()
            .over(partition_by=CardRow.deck, order_by=(NoteRow.position, CardRow.id))
            .label("rank"),
        )
        .join(NoteRow, CardRow.note_pk == NoteRow.id)
        .where(CardRow.active.is_(True), not_buried, in_scope, CardRow.state == NEW)
        .subquery()
    )
    new_rows = session.execute(select(ranked).where(ranked.c.rank <= new_per_deck_window)).all()
    out = [Candidate(r[0], r[1], r[2], r[3], r[4], from_db(r[5]), r[6], 0.0) for r in new_rows]
    for r in [*learning_rows, *review_rows]:
        out.append(
            Candidate(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                from_db(r[5]),
                r[6],
                recall(Memory(state=r[4], stability=r[7], last_review=from_db(r[8])), r[3])
                if recall is not None
                else 0.0,
            )
        )
    return out


def _top_level_windows(
    session: Session,
    reviews: Any,
    window: int,
    selected: str | None,
    day_end: datetime | None,
    not_buried: Any,
    in_scope: Any,
) -> list[Any]:
    """Each top-level deck's (or the selected deck's) `window` most overdue reviews.

    Small groups are read whole; for a larger one the `window`-th review in (due, id) order
    is found first, then only the reviews up to it are read, all through the indexes."""
    due_now = (CardRow.active.is_(True), CardRow.state == REVIEW, CardRow.due < day_end)
    counts = session.execute(
        select(CardRow.deck, func.count()).where(*due_now, in_scope).group_by(CardRow.deck)
    ).all()
    groups: dict[str, list[tuple[str, int]]] = {}
    for deck, count in counts:
        key = selected if selected is not None else deck.split("::", 1)[0]
        groups.setdefault(key, []).append((deck, count))
    rows: list[Any] = []
    for members in groups.values():
        decks = [deck for deck, _ in members]
        in_group = reviews.where(CardRow.deck.in_(decks))
        if sum(count for _, count in members) > window:
            cutoff = session.execute(
                select(CardRow.due, CardRow.id)
                .where(*due_now, not_buried, CardRow.deck.in_(decks))
                .order_by(CardRow.due, CardRow.id)
                .offset(window - 1)
                .limit(1)
            ).first()
            if cutoff is not None:
                in_group = in_group.where(
                    or_(
                        CardRow.due < cutoff.due,
                        and_(CardRow.due == cutoff.due, CardRow.id <= cutoff.id),
                    )
                )
        rows += session.execute(in_group).all()
    return rows


def done_today(session: Session, day_start: datetime) -> DoneToday:
    rows = session.execute(
        select(ReviewLogRow.deck, ReviewLogRow.prior_state, ReviewLogRow.note_id).where(
            ReviewLogRow.kind == "review",
            ReviewLogRow.reviewed_at >= to_db(day_start),
            ReviewLogRow.id.not_in(reverted_ids()),
        )
    ).all()
    new: Counter[str] = Counter()
    reviews: Counter[str] = Counter()
    notes: set[str] = set()
    for deck, prior, note_id in rows:
        if prior == NEW:
            new[deck] += 1
        elif prior == REVIEW:
            reviews[deck] += 1
        notes.add(note_id)
    return DoneToday(new, reviews, frozenset(notes))
