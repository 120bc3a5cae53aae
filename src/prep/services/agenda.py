"""Today's agenda: streak and study time, cards and problems due, interviews, overdue actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from prep.app import App
from prep.core.pipeline import Application, Event
from prep.services.agenda_reads import (
    Overdue,
    ProblemItem,
    due_problems,
    overdue_actions,
    upcoming_interviews,
)
from prep.services.cram import CramSummary
from prep.services.study import StudySummary, study_summary
from prep.services.today import today_queue


@dataclass(frozen=True)
class DeckDue:
    deck: str
    learning: int
    review: int
    new: int


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
    for item in today_queue(app):
        top = item.candidate.deck.split("::")[0]
        per_deck.setdefault(top, {"learning": 0, "review": 0, "new": 0})[item.kind] += 1
    return [DeckDue(d, c["learning"], c["review"], c["new"]) for d, c in sorted(per_deck.items())]


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
