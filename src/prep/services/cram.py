"""Interview-aware cram: the items matching an upcoming event, by recall on its date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from prep.app import App
from prep.core.cram import CRAM_RECALL, CramPlan, StudyItem, deck_words, rank_for_event
from prep.core.days import day_bounds
from prep.core.errors import PrepError
from prep.core.pipeline import FOCUS_ALIASES, Application, Event
from prep.core.queue import Candidate, QueueItem
from prep.services.agenda_reads import upcoming_events


@dataclass(frozen=True)
class Cram:
    application: Application
    event: Event
    plan: CramPlan


def study_items(app: App) -> list[StudyItem]:
    """Every active card and available problem with the words focus tags can match."""
    # SQLAlchemy only here and in cram_queue: the agenda imports this module (DESIGN §7).
    from sqlalchemy import select

    from prep.services.problems import sync_problems
    from prep.store.models import CardRow, NoteRow, ProblemRow
    from prep.store.repo import memory_of, unpack_tags

    sync_problems(app)
    items = []
    with app.uow() as uow:
        s = uow.session
        for card, tags, deck in s.execute(
            select(CardRow, NoteRow.tags, NoteRow.deck)
            .join(NoteRow, CardRow.note_pk == NoteRow.id)
            .where(CardRow.active.is_(True))
        ):
            words = frozenset({*unpack_tags(tags), *deck_words(deck)})
            items.append(StudyItem("card", card.key, words, memory_of(card)))
        for p in s.scalars(select(ProblemRow).where(ProblemRow.available.is_(True))):
            words = frozenset({p.category, *unpack_tags(p.tags)})
            items.append(StudyItem("problem", p.slug, words, memory_of(p)))
    return items


def _plan(app: App, application: Application, event: Event, items: list[StudyItem]) -> Cram:
    start, _ = day_bounds(app.now(), app.timezone, app.config.day_starts_at)
    plan = rank_for_event(
        items, event.tags, event.starts_at, app.scheduler, FOCUS_ALIASES, studied_since=start
    )
    return Cram(application, event, plan)


def cram_for(app: App, ref: str) -> Cram:
    """The application's next event with focus tags, and what to cram for it."""
    from prep.services.pipeline import application_detail

    detail = application_detail(app, ref)
    now = app.now()
    event = next((e for e in detail.events if e.starts_at >= now and e.tags), None)
    if event is None:
        slug = detail.application.slug
        raise PrepError(
            f"{slug} has no upcoming event with focus tags; add one with "
            f'`prep app event {slug} onsite --at "mon 10am" --tags ml,statistics`'
        )
    return _plan(app, detail.application, event, study_items(app))


def cram_queue(app: App, ref: str) -> list[QueueItem]:
    """The cram cards for `prep review --for`: below 90% recall on the event date, lowest first."""
    from sqlalchemy import select

    from prep.store.models import CardRow, NoteRow
    from prep.store.repo import memory_of

    keys = [r.item.key for r in cram_for(app, ref).plan.below("card")]
    with app.uow() as uow:
        rows = {
            card.key: (card, note_id)
            for card, note_id in uow.session.execute(
                select(CardRow, NoteRow.note_id)
                .join(NoteRow, CardRow.note_pk == NoteRow.id)
                .where(CardRow.key.in_(keys))
            )
        }
    out = []
    for key in keys:
        card, note_id = rows[key]
        memory = memory_of(card)
        candidate = Candidate(card.id, card.key, note_id, card.deck, card.state, memory.due)
        out.append(QueueItem(candidate, "review"))
    return out


def cram_problem(app: App, ref: str) -> str:
    """The matching problem with the lowest recall on the event date (`prep solve --for`)."""
    cram = cram_for(app, ref)
    below = cram.plan.below("problem")
    if not below:
        raise PrepError(
            f"no problem you have solved on {', '.join(cram.event.tags)} is predicted below "
            f"{CRAM_RECALL:.0%} recall on the {cram.event.type} date; "
            "pick a new one with `prep problems`"
        )
    return below[0].item.key


@dataclass(frozen=True)
class CramSummary:
    """One agenda line: e.g. "Acme onsite in 4 days: 37 reviewed cards and 3 problems …"."""

    application: str
    company: str
    event_type: str
    starts_at: datetime
    days_until: int
    focus: tuple[str, ...]
    cards_below: int
    problems_below: int
    never_studied: int
    never_solved: int


def cram_summary(app: App, days: int = 7) -> list[CramSummary]:
    """Events with focus tags starting in the next `days` days, with what to cram for each."""
    now = app.now()
    upcoming = [
        (a, e)
        for a, e in upcoming_events(app)
        if e.tags and now <= e.starts_at <= now + timedelta(days=days)
    ]
    if not upcoming:
        return []
    items = study_items(app)
    today = now.astimezone(app.timezone).date()
    out = []
    for application, event in upcoming:
        plan = _plan(app, application, event, items).plan
        out.append(
            CramSummary(
                application.slug,
                application.company,
                event.type,
                event.starts_at,
                (event.starts_at.astimezone(app.timezone).date() - today).days,
                event.tags,
                len(plan.below("card")),
                len(plan.below("problem")),
                plan.never_seen_cards,
                plan.never_seen_problems,
            )
        )
    return out


def cram_line(summary: CramSummary, tz: tzinfo) -> str:
    """The agenda sentence for one upcoming event, dates in the user's zone."""
    s = summary
    days = {0: "today", 1: "tomorrow"}.get(s.days_until, f"in {s.days_until} days")
    day = s.starts_at.astimezone(tz)
    text = (
        f"{s.company} {s.event_type} {days}: {s.cards_below} reviewed cards and "
        f"{s.problems_below} problems on {', '.join(s.focus)} will be below "
        f"{CRAM_RECALL:.0%} recall on {day:%b} {day.day}"
    )
    if s.never_studied:
        text += f"; {s.never_studied} matching cards never studied"
    return text + f" (`prep review --for {s.application}`)"
