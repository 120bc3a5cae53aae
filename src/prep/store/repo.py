"""The one place that converts between database rows and core objects."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from prep.core.errors import NotFoundError
from prep.core.notes import Note, NoteType
from prep.core.replay import LogEntry
from prep.core.schedule import Memory
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


def deck_filter(column: Any, deck: str) -> ColumnElement[bool]:
    """`deck` and its children; LIKE wildcards in the name are taken literally."""
    return or_(column == deck, column.startswith(f"{deck}::", autoescape=True))
