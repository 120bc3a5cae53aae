"""Pipeline use cases: add and move applications, log what happens, compare offers.

Every write is one transaction that re-reads the application row (locked) before changing it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.errors import ConflictError, PrepError
from prep.core.offers import (
    COMPONENTS,
    NEGOTIATION_KINDS,
    NegotiationEntry,
    Offer,
    apply_final,
)
from prep.core.pipeline import (
    FLOW,
    FOCUS_ALIASES,
    Application,
    BoardCard,
    Contact,
    Event,
    FunnelRow,
    Stage,
    Transition,
    board_cards,
    check_move,
    check_short_id,
    funnel,
    short_id,
    unmatched_tags,
)
from prep.core.when import When, parse_when
from prep.store import pipeline_repo as repo
from prep.store.models import ApplicationRow, ContactRow, NegotiationRow, OfferRow
from prep.store.repo import to_db

if TYPE_CHECKING:
    from prep.store.db import UnitOfWork

END_OF_DAY = time(23, 59)  # an action due on a day is late from the next day on
_FUTURE_SLACK = timedelta(minutes=1)


@dataclass(frozen=True)
class Listed:
    application: Application
    next_event: Event | None


@dataclass(frozen=True)
class Detail:
    application: Application
    history: list[Transition]
    contacts: list[Contact]
    events: list[Event]
    offer: Offer | None
    negotiation: list[NegotiationEntry]


@dataclass(frozen=True)
class OfferView:
    application: Application
    offer: Offer
    negotiation: list[NegotiationEntry]


@dataclass(frozen=True)
class Board:
    cards: list[BoardCard]
    closed: dict[Stage, int]


# --- WHEN --------------------------------------------------------------------------------


def when(app: App, text: str, label: str, default_time: time = time(9)) -> When:
    """Parse a WHEN the user typed, in their time zone."""
    return parse_when(text, app.now(), app.timezone, label=label, default_time=default_time)


def due_time(app: App, text: str) -> datetime:
    return when(app, text, "--due", END_OF_DAY).at


def past_time(app: App, text: str | None, label: str = "--at") -> datetime:
    """A time something already happened: now, or a WHEN that is not in the future."""
    now = app.now()
    if text is None:
        return now
    parsed = when(app, text, label, time(12))
    if parsed.date_only and parsed.at > now and _same_day(parsed.at, now, app.timezone):
        return now  # `--at today` before noon: as of now
    if parsed.at > now + _FUTURE_SLACK:
        raise PrepError(f"{label} '{text}' is in the future; record a move when it has happened")
    return parsed.at


def zone_of(app: App, name: str | None) -> tuple[tzinfo, str]:
    """The zone an event is given in: `--tz NAME`, else the user's own (UTC if it has no name)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name is None:
        tz = app.timezone
        key = getattr(tz, "key", None)
        return (tz, key) if isinstance(key, str) else (tz, "UTC")
    try:
        return ZoneInfo(name), name
    except (ZoneInfoNotFoundError, ValueError):
        raise PrepError(
            f"--tz '{name}' is not a known time zone; use a name such as America/New_York"
        ) from None


def _same_day(a: datetime, b: datetime, tz: tzinfo) -> bool:
    return a.astimezone(tz).date() == b.astimezone(tz).date()


# --- Applications --------------------------------------------------------------------------


def add_application(
    app: App,
    company: str,
    role: str,
    *,
    level: str = "",
    location: str = "",
    source: str = "",
    url: str = "",
    notes: str = "",
    stage: Stage = Stage.APPLIED,
    at: datetime | None = None,
    slug: str | None = None,
) -> Application:
    """Start tracking an application; it gets a short id the user can type."""
    company, role = company.strip(), role.strip()
    if not company:
        raise PrepError("the company name is empty; e.g. prep app add Acme --role 'ML Engineer'")
    if not role:
        raise PrepError(f"--role is empty for {company}; e.g. --role 'ML Engineer'")
    now = app.now()
    with app.uow(write=True) as uow:
        row = new_application_row(
            uow.session,
            company=company,
            role=role,
            level=level.strip(),
            location=location.strip(),
            source=source.strip().lower(),
            url=url.strip(),
            notes=notes,
            history=[Transition(None, stage, at or now)],
            now=now,
            slug=slug,
        )
        commit_or_conflict(uow)
        return repo.application_of(row)


def new_application_row(
    s: Session,
    *,
    company: str,
    role: str,
    level: str,
    location: str,
    source: str,
    url: str,
    notes: str,
    history: list[Transition],
    now: datetime,
    slug: str | None,
    next_action: str = "",
    next_action_due: datetime | None = None,
) -> ApplicationRow:
    taken = repo.taken_slugs(s)
    if slug:
        slug = check_short_id(slug)
        if slug in taken:
            raise PrepError(f"id '{slug}' is taken; choose another or leave out --id")
    else:
        slug = short_id(company, taken)
    created = history[0].at
    row = ApplicationRow(
        slug=slug,
        company=company,
        role=role,
        level=level,
        location=location,
        source=source,
        url=url,
        notes=notes,
        stage=history[-1].to_stage.value,
        stage_since=repo.db_time(history[-1].at),
        next_action=next_action or None,
        next_action_due=to_db(next_action_due) if next_action else None,
        created_at=repo.db_time(created),
        last_activity_at=repo.db_time(created),
    )
    s.add(row)
    s.flush()
    for move in history:
        repo.add_transition(s, row, move, now)
    return row


def commit_or_conflict(uow: UnitOfWork) -> None:
    """Commit; a short id taken by a concurrent add is a conflict, not a crash."""
    try:
        uow.commit()
    except IntegrityError:
        uow.rollback()
        raise ConflictError(
            "another prep process added an application with the same id at the same time; "
            "nothing was changed, run the command again"
        ) from None


def list_applications(
    app: App, stage: Stage | None = None, active_only: bool = False
) -> list[Listed]:
    """Applications in stage order (then oldest in stage first), with their next event."""
    now = app.now()
    query = select(ApplicationRow)
    if stage is not None:
        query = query.where(ApplicationRow.stage == stage.value)
    with app.uow() as uow:
        apps = [repo.application_of(r) for r in uow.session.scalars(query)]
        events = repo.events(uow.session)
    if active_only:
        apps = [a for a in apps if a.active]
    order = {s: i for i, s in enumerate(Stage)}
    apps.sort(key=lambda a: (order[a.stage], a.stage_since, a.slug))
    return [Listed(a, next_event(events.get(a.id, []), now)) for a in apps]


def next_event(events: list[Event], now: datetime) -> Event | None:
    return next((e for e in events if e.ends_at >= now), None)


def application_detail(app: App, ref: str) -> Detail:
    with app.uow() as uow:
        s = uow.session
        row = repo.find_application(s, ref)
        offer = repo.offer_row(s, row.id)
        return Detail(
            repo.application_of(row),
            repo.history(s, row.id),
            repo.contacts(s, row.id),
            repo.events(s, [row.id]).get(row.id, []),
            repo.offer_of(offer) if offer else None,
            repo.negotiation(s, row.id),
        )


def move_application(
    app: App, ref: str, target: Stage, force: bool = False, at: datetime | None = None
) -> tuple[Application, Transition]:
    """Move to `target`: forward (skipping allowed) freely; backward or out of a closed stage
    only with `force`, which is recorded. Times in the history never go backwards."""
    with app.uow(write=True) as uow:
        s = uow.session
        row = repo.find_application(s, ref, lock=True)
        # Read the clock once the row is locked: a move committed meanwhile is never "later".
        now = app.now()
        move = _move(s, row, target, at or now, force, now)
        uow.commit()
        return repo.application_of(row), move


def _move(
    s: Session, row: ApplicationRow, target: Stage, at: datetime, force: bool, now: datetime
) -> Transition:
    past = repo.history(s, row.id)
    move = check_move(row.slug, Stage(row.stage), target, at, past[-1].at, force)
    repo.add_transition(s, row, move, now)
    return move


def add_note(app: App, ref: str, text: str) -> Application:
    """Append a dated line to the application's notes."""
    text = " ".join(text.split())
    if not text:
        raise PrepError("the note is empty; e.g. prep app note acme 'recruiter: team is hiring 3'")
    with app.uow(write=True) as uow:
        row = repo.find_application(uow.session, ref, lock=True)
        now = app.now()
        stamp = now.astimezone(app.timezone).strftime("%Y-%m-%d")
        row.notes = f"{row.notes}\n{stamp}: {text}".strip()
        repo.touch(row, now)
        uow.commit()
        return repo.application_of(row)


def set_next_action(
    app: App, ref: str, action: str | None, due: datetime | None = None
) -> Application:
    """Set (or with `action=None`, clear) the one next action and its due date."""
    if action is not None:
        action = " ".join(action.split())
        if not action:
            raise PrepError('the action is empty; e.g. prep app next acme "send availability"')
    with app.uow(write=True) as uow:
        row = repo.find_application(uow.session, ref, lock=True)
        row.next_action = action
        row.next_action_due = to_db(due) if action else None
        repo.touch(row, app.now())
        uow.commit()
        return repo.application_of(row)


def add_event(
    app: App,
    ref: str,
    event: Event,
) -> tuple[Application, Event, list[str]]:
    """Schedule an interview or call; also returns focus tags that match no card or problem."""
    if not 1 <= event.minutes <= 24 * 60:
        raise PrepError(f"--minutes {event.minutes} must be between 1 and 1440")
    with app.uow(write=True) as uow:
        s = uow.session
        row = repo.find_application(s, ref, lock=True)
        now = app.now()
        uid = str(uuid.UUID(int=app.rng.getrandbits(128), version=4))
        ev_row = repo.new_event_row(row, event, uid, now)
        s.add(ev_row)
        repo.touch(row, now)
        s.flush()
        unmatched = unmatched_tags(event.tags, repo.vocabulary(s), FOCUS_ALIASES)
        uow.commit()
        return repo.application_of(row), repo.event_of(ev_row), unmatched


def add_contact(app: App, ref: str, name: str, email: str = "", role: str = "") -> Contact:
    name, email = name.strip(), email.strip()
    if not name:
        raise PrepError("the contact's name is empty")
    if email and ("@" not in email or " " in email or email.startswith("@")):
        raise PrepError(f"--email '{email}' is not an email address; e.g. jo@acme.com")
    with app.uow(write=True) as uow:
        s = uow.session
        row = repo.find_application(s, ref, lock=True)
        now = app.now()
        contact = ContactRow(
            application_id=row.id,
            name=name,
            email=email,
            role=role.strip(),
            created_at=repo.db_time(now),
        )
        s.add(contact)
        repo.touch(row, now)
        s.flush()
        uow.commit()
        return repo.contact_of(contact)


# --- Offers ----------------------------------------------------------------------------------


def record_offer(app: App, ref: str, offer: Offer) -> tuple[Offer, Transition | None, bool]:
    """Record (or replace) the offer. An application not yet at `offer` moves there.

    Returns the offer, the move made (if any) and whether an earlier offer was replaced.
    """
    if offer.base <= 0:
        raise PrepError("--base must be more than 0")
    with app.uow(write=True) as uow:
        s = uow.session
        row = repo.find_application(s, ref, lock=True)
        now = app.now()
        existing = repo.offer_row(s, row.id)
        replaced = existing is not None
        if existing is None:
            existing = OfferRow(application_id=row.id, created_at=repo.db_time(now))
            s.add(existing)
        repo.store_offer(existing, offer)
        existing.updated_at = repo.db_time(now)
        move = None
        stage = Stage(row.stage)
        if stage in FLOW and FLOW.index(stage) < FLOW.index(Stage.OFFER):
            move = _move(s, row, Stage.OFFER, now, False, now)
        repo.touch(row, now)
        s.flush()
        uow.commit()
        return repo.offer_of(existing), move, replaced


def negotiate(
    app: App, ref: str, component: str, kind: str, amount: Decimal, at: datetime | None = None
) -> tuple[NegotiationEntry, Offer, Transition | None]:
    """Log an ask, counter or final figure; a final figure updates the offer."""
    if component not in COMPONENTS:
        raise PrepError(f"unknown component '{component}'; use one of {', '.join(COMPONENTS)}")
    if kind not in NEGOTIATION_KINDS:
        raise PrepError(f"unknown entry '{kind}'; use --ask, --counter or --final")
    with app.uow(write=True) as uow:
        s = uow.session
        row = repo.find_application(s, ref, lock=True)
        now = app.now()
        offer_row = repo.offer_row(s, row.id)
        if offer_row is None:
            raise PrepError(
                f"{row.slug} has no offer yet; record it first: prep app offer {row.slug} --base N"
            )
        when_at = at or now
        last = repo.negotiation(s, row.id)
        if last and when_at < last[-1].at:
            raise PrepError(
                f"--at {when_at.isoformat()} is before the last negotiation entry "
                f"({last[-1].at.isoformat()}); give a later time"
            )
        entry = NegotiationEntry(component, kind, amount, when_at)
        log = NegotiationRow(
            application_id=row.id,
            component=component,
            kind=kind,
            amount=repo.to_cents(amount),
            at=repo.db_time(when_at),
        )
        s.add(log)
        offer = apply_final(repo.offer_of(offer_row), entry)
        repo.store_offer(offer_row, offer)
        offer_row.updated_at = repo.db_time(now)
        move = None
        if Stage(row.stage) == Stage.OFFER:
            move = _move(s, row, Stage.NEGOTIATION, max(when_at, _stage_since(row)), False, now)
        repo.touch(row, when_at)
        s.flush()
        uow.commit()
        return replace(entry, id=log.id), offer, move


def _stage_since(row: ApplicationRow) -> datetime:
    return repo.utc(row.stage_since)


def compare_offers(app: App) -> list[OfferView]:
    """Every offer with its application and negotiation log, by company."""
    with app.uow() as uow:
        s = uow.session
        out = []
        for offer in s.scalars(select(OfferRow)):
            row = s.get_one(ApplicationRow, offer.application_id)
            out.append(
                OfferView(
                    repo.application_of(row), repo.offer_of(offer), repo.negotiation(s, row.id)
                )
            )
    return sorted(out, key=lambda v: (v.application.company.lower(), v.application.slug))


# --- Board, funnel, calendar ---------------------------------------------------------------


def board(app: App) -> Board:
    now = app.now()
    with app.uow() as uow:
        apps = [repo.application_of(r) for r in uow.session.scalars(select(ApplicationRow))]
        events = repo.events(uow.session, [a.id for a in apps if a.active])
    closed: dict[Stage, int] = {}
    for a in apps:
        if not a.active:
            closed[a.stage] = closed.get(a.stage, 0) + 1
    return Board(board_cards(apps, events, now), closed)


def funnel_rows(app: App) -> list[FunnelRow]:
    with app.uow() as uow:
        rows = list(uow.session.scalars(select(ApplicationRow)))
        histories = repo.all_histories(uow.session)
    return funnel(((r.source, histories.get(r.id, [])) for r in rows), app.now())


def upcoming_events(app: App, include_past: bool = False) -> list[tuple[Application, Event]]:
    """Events that have not ended yet (or all of them), in start order."""
    from prep.services import agenda_reads

    return agenda_reads.upcoming_events(app, include_past)
