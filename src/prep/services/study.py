"""Study time and streak from what the database remembers: activity, reviews, attempts, mocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from prep.app import App
from prep.core.days import study_day
from prep.core.study import Span, activity_spans, attempt_span, minutes_by_day, round_span, streak
from prep.store.models import ActivityRow, AttemptRow, MockRoundRow, ProblemRow, ReviewLogRow
from prep.store.repo import from_db, to_db


@dataclass(frozen=True)
class StudySummary:
    minutes_today: float
    goal_minutes: int
    streak_days: int
    streak_minutes: int


def record_activity(app: App, source: str = "repl") -> None:
    """Remember a moment of study (a REPL command) so idle-gapped study time can be counted."""
    with app.uow(write=True) as uow:
        uow.session.add(ActivityRow(at=to_db(app.now()), source=source))
        uow.commit()


def study_spans(app: App) -> list[Span]:
    now = app.now()
    with app.uow() as uow:
        s = uow.session
        moments = [from_db(t) for t in s.scalars(select(ActivityRow.at))]
        moments += [
            from_db(t)
            for t in s.scalars(
                select(ReviewLogRow.reviewed_at).where(ReviewLogRow.kind == "review")
            )
        ]
        spans = activity_spans(m for m in moments if m is not None)
        for a in s.scalars(select(AttemptRow)):
            opened = from_db(a.opened_at)
            assert opened is not None
            spans.append(attempt_span(opened, from_db(a.closed_at), a.budget_minutes, now))
        for r in s.scalars(select(MockRoundRow)):
            started = from_db(r.started_at)
            assert started is not None
            spans.append(round_span(started, from_db(r.ended_at), r.planned_minutes, now))
    return spans


def study_summary(app: App) -> StudySummary:
    """Minutes studied today against the goal, and the streak of days meeting the minimum."""
    tz, hour = app.timezone, app.config.day_starts_at
    per_day = minutes_by_day(study_spans(app), tz, hour)
    today = study_day(app.now(), tz, hour)
    minimum = app.config.streak_minutes
    return StudySummary(
        per_day.get(today, 0.0),
        app.config.daily_goal_minutes,
        streak(per_day, today, minimum),
        minimum,
    )


@dataclass(frozen=True)
class RunningAttempt:
    problem_id: str
    opened_at: datetime
    budget_minutes: int


def running_attempt(app: App) -> RunningAttempt | None:
    """The most recently opened attempt that is still open (its clock is running)."""
    with app.uow() as uow:
        row = uow.session.execute(
            select(ProblemRow.slug, AttemptRow.opened_at, AttemptRow.budget_minutes)
            .join(ProblemRow, ProblemRow.id == AttemptRow.problem_id)
            .where(AttemptRow.outcome == "open")
            .order_by(AttemptRow.opened_at.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    opened = from_db(row.opened_at)
    assert opened is not None
    return RunningAttempt(row.slug, opened, row.budget_minutes)
