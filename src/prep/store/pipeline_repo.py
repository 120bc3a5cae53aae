"""Rows <-> pipeline core objects: applications, history, contacts, events, offers."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from prep.core.errors import NotFoundError
from prep.core.offers import NegotiationEntry, Offer
from prep.core.pipeline import Application, Contact, Event, Stage, Transition
from prep.store.models import (
    ApplicationRow,
    ContactRow,
    EventRow,
    NegotiationRow,
    NoteRow,
    OfferRow,
    ProblemRow,
    StageTransitionRow,
)
from prep.store.pipeline_reads import application_from, event_from
from prep.store.repo import from_db, pack_tags, to_db, unpack_tags

CENT = Decimal("0.01")


def utc(dt: datetime) -> datetime:
    """A stored non-null time, aware."""
    out = from_db(dt)
    assert out is not None
    return out


def db_time(dt: datetime) -> datetime:
    out = to_db(dt)
    assert out is not None
    return out


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def application_of(row: ApplicationRow) -> Application:
    return application_from(
        row.id,
        row.slug,
        row.company,
        row.role,
        row.stage,
        row.stage_since,
        row.created_at,
        row.last_activity_at,
        row.level,
        row.location,
        row.source,
        row.url,
        row.notes,
        row.next_action,
        row.next_action_due,
    )


def transition_of(row: StageTransitionRow) -> Transition:
    return Transition(
        Stage(row.from_stage) if row.from_stage else None,
        Stage(row.to_stage),
        utc(row.at),
        row.forced,
    )


def contact_of(row: ContactRow) -> Contact:
    return Contact(row.name, row.email, row.role, row.id)


def event_of(row: EventRow) -> Event:
    return event_from(
        row.id, row.uid, row.type, row.starts_at, row.zone, row.minutes, row.tags, row.notes
    )


def offer_of(row: OfferRow) -> Offer:
    schedule = tuple(Decimal(p) for p in row.vest_schedule.split(","))
    return Offer(
        base=from_cents(row.base_cents),
        bonus_pct=Decimal(row.bonus_bp) / 100,
        signon=from_cents(row.signon_cents),
        equity=from_cents(row.equity_cents),
        vest_years=len(schedule),
        schedule=schedule,
        cliff_months=row.cliff_months,
        currency=row.currency,
        deadline=from_db(row.deadline),
    )


def store_offer(row: OfferRow, offer: Offer) -> None:
    row.currency = offer.currency
    row.base_cents = to_cents(offer.base)
    row.bonus_bp = to_cents(offer.bonus_pct)
    row.signon_cents = to_cents(offer.signon)
    row.equity_cents = to_cents(offer.equity)
    row.vest_schedule = ",".join(format(p.normalize(), "f") for p in offer.schedule)
    row.cliff_months = offer.cliff_months
    row.deadline = to_db(offer.deadline)


def negotiation_of(row: NegotiationRow) -> NegotiationEntry:
    return NegotiationEntry(row.component, row.kind, from_cents(row.amount), utc(row.at), row.id)


def find_application(session: Session, ref: str, lock: bool = False) -> ApplicationRow:
    """An application by its short id (case-insensitive); a near miss is suggested."""
    key = ref.strip().lower()
    query = select(ApplicationRow).where(ApplicationRow.slug == key)
    if lock:
        query = query.with_for_update()
    row = session.scalars(query).first()
    if row is not None:
        return row
    slugs = list(session.scalars(select(ApplicationRow.slug)))
    close = difflib.get_close_matches(key, slugs, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise NotFoundError(f"no application with id '{ref}'; {hint}see `prep app list` for ids")


def taken_slugs(session: Session) -> set[str]:
    return set(session.scalars(select(ApplicationRow.slug)))


def history(session: Session, application_id: int) -> list[Transition]:
    rows = session.scalars(
        select(StageTransitionRow)
        .where(StageTransitionRow.application_id == application_id)
        .order_by(StageTransitionRow.id)
    )
    return [transition_of(r) for r in rows]


def all_histories(session: Session) -> dict[int, list[Transition]]:
    out: dict[int, list[Transition]] = {}
    for row in session.scalars(select(StageTransitionRow).order_by(StageTransitionRow.id)):
        out.setdefault(row.application_id, []).append(transition_of(row))
    return out


def add_transition(
    session: Session, application: ApplicationRow, move: Transition, recorded_at: datetime
) -> None:
    session.add(
        StageTransitionRow(
            application_id=application.id,
            from_stage=move.from_stage.value if move.from_stage else None,
            to_stage=move.to_stage.value,
            at=db_time(move.at),
            forced=move.forced,
            recorded_at=db_time(recorded_at),
        )
    )
    application.stage = move.to_stage.value
    application.stage_since = db_time(move.at)
    touch(application, move.at)


def touch(application: ApplicationRow, at: datetime) -> None:
    """Record activity at `at` (activity only moves forward)."""
    stored = db_time(at)
    if application.last_activity_at is None or stored > application.last_activity_at:
        application.last_activity_at = stored


def contacts(session: Session, application_id: int) -> list[Contact]:
    rows = session.scalars(
        select(ContactRow)
        .where(ContactRow.application_id == application_id)
        .order_by(ContactRow.id)
    )
    return [contact_of(r) for r in rows]


def events(
    session: Session, application_ids: Iterable[int] | None = None
) -> dict[int, list[Event]]:
    query = select(EventRow).order_by(EventRow.starts_at, EventRow.id)
    if application_ids is not None:
        query = query.where(EventRow.application_id.in_(list(application_ids)))
    out: dict[int, list[Event]] = {}
    for row in session.scalars(query):
        out.setdefault(row.application_id, []).append(event_of(row))
    return out


def new_event_row(
    application: ApplicationRow, event: Event, uid: str, created_at: datetime
) -> EventRow:
    return EventRow(
        application_id=application.id,
        uid=uid,
        type=event.type,
        starts_at=db_time(event.starts_at),
        zone=event.zone,
        minutes=event.minutes,
        tags=pack_tags(event.tags),
        notes=event.notes,
        created_at=db_time(created_at),
    )


def offer_row(session: Session, application_id: int) -> OfferRow | None:
    return session.scalars(
        select(OfferRow).where(OfferRow.application_id == application_id)
    ).first()


def negotiation(session: Session, application_id: int) -> list[NegotiationEntry]:
    rows = session.scalars(
        select(NegotiationRow)
        .where(NegotiationRow.application_id == application_id)
        .order_by(NegotiationRow.at, NegotiationRow.id)
    )
    return [negotiation_of(r) for r in rows]


def vocabulary(session: Session) -> set[str]:
    """Words an event's focus tags can match: card tags, deck-name segments, problem
    categories and tags."""
    words: set[str] = set()
    for tags, deck in session.execute(
        select(NoteRow.tags, NoteRow.deck).where(NoteRow.removed.is_(False)).distinct()
    ):
        words.update(unpack_tags(tags))
        words.update("-".join(seg.lower().split()) for seg in deck.split("::"))
    for category, tags in session.execute(select(ProblemRow.category, ProblemRow.tags).distinct()):
        words.add(category)
        words.update(unpack_tags(tags))
    return words
