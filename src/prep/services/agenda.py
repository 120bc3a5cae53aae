"""Today's agenda: streak and study time, cards and problems due, interviews, overdue actions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import select

from prep.app import App
from prep.core.pipeline import Application, Event
from prep.services.cram import CramSummary
from prep.services.problems import ProblemItem, due_problems
from prep.services.review import due_queue
from prep.services.study import StudySummary, study_summary
from prep.store import pipeline_repo
from prep.store.models import ApplicationRow

INTERVIEW_HORIZON = timedelta(days=7)


@dataclass(frozen=True)
class DeckDue:
    deck: str
    learning: int
    review: int
    new: int


@dataclass(frozen=True)
class Overdue:
    application: Application
    days: int  # late by this many days, rounded up


@dataclass(frozen=True)
class Agenda:
    now: datetime
    tz: tzinfo
    study: StudySummary
    decks: list[DeckDue]
    problems: list[ProblemItem]
    interviews: list[tuple[Application, Event]]
    overdue: list[Overdue]
    cram: list[CramSummary] = field(default_factory=list)
    cram_text: list[str] = field(default_factory=list)  # one sentence per entry of `cram`

    @property
    def cards_due(self) -> int:
        return sum(d.learning + d.review + d.new for d in self.decks)


def deck_dues(app: App) -> list[DeckDue]:
    """Today's card queue counted per top-level deck."""
    per_deck: dict[str, dict[str, int]] = {}
    for item in due_queue(app):
        top = item.candidate.deck.split("::")[0]
        per_deck.setdefault(top, {"learning": 0, "review": 0, "new": 0})[item.kind] += 1
    return [DeckDue(d, c["learning"], c["review"], c["new"]) for d, c in sorted(per_deck.items())]


def upcoming_interviews(
    app: App, horizon: timedelta = INTERVIEW_HORIZON
) -> list[tuple[Application, Event]]:
    """Events of active applications that have not ended and start within the horizon."""
    now = app.now()
    with app.uow() as uow:
        apps = {
            r.id: pipeline_repo.application_of(r)
            for r in uow.session.scalars(select(ApplicationRow))
        }
        events = pipeline_repo.events(uow.session)
    out = [
        (apps[app_id], e)
        for app_id, evs in events.items()
        for e in evs
        if apps[app_id].active and e.ends_at >= now and e.starts_at <= now + horizon
    ]
    return sorted(out, key=lambda pair: (pair[1].starts_at, pair[0].slug))


def overdue_actions(app: App) -> list[Overdue]:
    """Active applications whose next action is past its due time, most overdue first."""
    now = app.now()
    with app.uow() as uow:
        rows = uow.session.scalars(
            select(ApplicationRow).where(ApplicationRow.next_action_due.is_not(None))
        )
        apps = [pipeline_repo.application_of(r) for r in rows]
    out = [
        Overdue(a, max(1, math.ceil((now - a.next_action_due) / timedelta(days=1))))
        for a in apps
        if a.active and a.next_action and a.next_action_due is not None and a.next_action_due < now
    ]
    return sorted(out, key=lambda o: (-o.days, o.application.slug))


def build_agenda(app: App) -> Agenda:
    from prep.services.cram import cram_line, cram_summary

    cram = cram_summary(app)
    return Agenda(
        cram=cram,
        cram_text=[cram_line(c, app.timezone) for c in cram],
        now=app.now(),
        tz=app.timezone,
        study=study_summary(app),
        decks=deck_dues(app),
        problems=due_problems(app),
        interviews=upcoming_interviews(app),
        overdue=overdue_actions(app),
    )
