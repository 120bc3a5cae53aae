"""Read-only views of the collection: card search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from prep.app import App
from prep.core.days import day_bounds
from prep.core.errors import PrepError
from prep.core.schedule import NEW, STATES
from prep.store.models import CardRow, NoteRow
from prep.store.repo import deck_filter, from_db, to_db


@dataclass(frozen=True)
class Found:
    key: str
    note_id: str
    deck: str
    state: str
    due: datetime | None
    question: str
    tags: tuple[str, ...]
    suspended: bool
    flag: int


def search_cards(
    app: App,
    query: str = "",
    deck: str | None = None,
    tag: str | None = None,
    state: str | None = None,
    limit: int = 500,
) -> list[Found]:
    """Cards whose id, question or answer contains every word of `query`."""
    states = (*STATES, "suspended", "due", "leech", "flagged")
    if state is not None and state not in states:
        raise PrepError(f"unknown state '{state}': use one of {', '.join(states)}")
    stmt = (
        select(CardRow, NoteRow)
        .join(NoteRow, CardRow.note_pk == NoteRow.id)
        .where(NoteRow.removed.is_(False), NoteRow.available.is_(True), CardRow.removed.is_(False))
    )
    for word in query.split():
        like = f"%{word.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(NoteRow.question).like(like),
                func.lower(NoteRow.answer).like(like),
                func.lower(NoteRow.note_id).like(like),
            )
        )
    if deck:
        stmt = stmt.where(deck_filter(NoteRow.deck, deck))
    if tag:
        stmt = stmt.where(NoteRow.tags.like(f"% {tag} %"))
    if state in STATES:
        stmt = stmt.where(CardRow.state == state, CardRow.suspended.is_(False))
    elif state == "suspended":
        stmt = stmt.where(CardRow.suspended.is_(True))
    elif state == "leech":
        stmt = stmt.where(CardRow.leech.is_(True))
    elif state == "flagged":
        stmt = stmt.where(CardRow.flag > 0)
    elif state == "due":
        _, end = day_bounds(app.now(), app.timezone, app.config.day_starts_at)
        stmt = stmt.where(CardRow.active.is_(True), CardRow.state != NEW, CardRow.due < to_db(end))
    stmt = stmt.order_by(NoteRow.deck, NoteRow.position, CardRow.ordinal).limit(limit)
    with app.uow() as uow:
        rows = uow.session.execute(stmt).all()
    return [
        Found(
            c.key,
            n.note_id,
            n.deck,
            c.state,
            from_db(c.due),
            n.question,
            tuple(n.tags.split()),
            c.suspended,
            c.flag,
        )
        for c, n in rows
    ]
