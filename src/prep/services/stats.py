"""`prep stats`: gather rows from the database and hand them to the pure maths in core/stats.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.pipeline import FunnelRow
from prep.core.schedule import NEW, Memory
from prep.core.stats import (
    Answer,
    AttemptFacts,
    CardFacts,
    CategoryStats,
    Stats,
    StudyDays,
    average_retrievability,
    cards_by_state,
    deck_retention,
    forecast,
    funnel_summary,
    heatmap,
    interval_of,
    mock_trend,
    problems_by_category,
    study_minutes,
    true_retention,
)
from prep.services.today import check_deck_exists
from prep.store import pipeline_repo
from prep.store.models import (
    ApplicationRow,
    AttemptRow,
    CardRow,
    ProblemRow,
    ReviewLogRow,
    SubmissionRow,
)
from prep.store.reads import SessionReader
from prep.store.repo import deck_filter, from_db, memory_of, reverted_ids


def collect_stats(app: App, deck: str | None = None) -> Stats:
    """Compute every figure for the whole collection, or for one deck and its children."""
    now = app.now()
    days = StudyDays(now, app.timezone, app.config.day_starts_at)
    if deck is None:
        from prep.services.problems import sync_problems

        sync_problems(app)
    with app.uow() as uow:
        s = uow.session
        if deck is not None:
            check_deck_exists(SessionReader(s), deck)
        cards = _cards(s, deck)
        answers = _answers(s, deck)
        problem_dues = [] if deck is not None else _problem_dues(s)
        problems = [] if deck is not None else _problem_stats(s)
        funnel_rows = [] if deck is not None else _funnel(s, now)
    memories = [c.memory for c in cards]
    card_dues = [m.due for m in memories if m.state != NEW and m.due is not None]
    average, reviewed = average_retrievability(app.scheduler, memories, now)
    stats = Stats(
        deck,
        heatmap((a.at for a in answers), days),
        forecast(card_dues, problem_dues, days),
        true_retention(answers, days),
        cards_by_state(cards),
        average,
        reviewed,
        deck_retention(answers, days),
    )
    if deck is not None:
        return stats
    from prep.core.days import day_start
    from prep.services.mock import history
    from prep.services.study import study_spans

    reports, _ = history(app)
    return replace(
        stats,
        study=study_minutes(
            study_spans(
                app, day_start(days.today - timedelta(days=30), days.tz, days.rollover_hour)
            ),
            days,
            app.config.daily_goal_minutes,
        ),
        mocks=mock_trend((r.started_at, r.template, r.total) for r in reports if r.scores),
        problems=problems,
        funnel=funnel_rows,
    )


def _cards(s: Session, deck: str | None) -> list[CardFacts]:
    query = select(CardRow).where(
        CardRow.removed.is_(False), or_(CardRow.active.is_(True), CardRow.suspended.is_(True))
    )
    if deck is not None:
        query = query.where(deck_filter(CardRow.deck, deck))
    return [CardFacts(memory_of(r), r.suspended, r.deck) for r in s.scalars(query)]


def _answers(s: Session, deck: str | None) -> list[Answer]:
    """Reviews still in force, each with the interval its card had before it (a replay)."""
    query = (
        select(ReviewLogRow)
        .where(ReviewLogRow.kind != "undo", ReviewLogRow.id.not_in(reverted_ids()))
        .order_by(ReviewLogRow.card_id, ReviewLogRow.id)
    )
    if deck is not None:
        query = query.where(deck_filter(ReviewLogRow.deck, deck))
    answers: list[Answer] = []
    before: dict[int, Memory] = {}
    for row in s.scalars(query):
        prior = before.get(row.card_id, Memory())
        before[row.card_id] = memory_of(row)
        if row.kind != "review" or row.rating is None:
            continue
        at = from_db(row.reviewed_at)
        assert at is not None
        answers.append(Answer(at, row.rating, row.prior_state, interval_of(prior), row.deck))
    return answers


def _problem_dues(s: Session) -> list[datetime]:
    rows = s.scalars(
        select(ProblemRow.due).where(
            ProblemRow.available.is_(True), ProblemRow.state != NEW, ProblemRow.due.is_not(None)
        )
    )
    return [at for at in map(from_db, rows) if at is not None]


def _problem_stats(s: Session) -> list[CategoryStats]:
    problems = s.execute(
        select(ProblemRow.slug, ProblemRow.category).where(ProblemRow.available.is_(True))
    ).all()
    attempts = []
    for a, slug, category in s.execute(
        select(AttemptRow, ProblemRow.slug, ProblemRow.category).join(
            ProblemRow, ProblemRow.id == AttemptRow.problem_id
        )
    ):
        opened, closed = from_db(a.opened_at), from_db(a.closed_at)
        minutes = (
            None if closed is None or opened is None else (closed - opened).total_seconds() / 60
        )
        attempts.append(AttemptFacts(slug, category, a.outcome, minutes, a.budget_minutes))
    verdicts = s.execute(
        select(ProblemRow.category, SubmissionRow.verdict).join(
            ProblemRow, ProblemRow.id == SubmissionRow.problem_id
        )
    ).all()
    return problems_by_category(
        ((slug, cat) for slug, cat in problems), attempts, ((c, v) for c, v in verdicts)
    )


def _funnel(s: Session, now: datetime) -> list[FunnelRow]:
    rows = list(s.scalars(select(ApplicationRow)))
    histories = pipeline_repo.all_histories(s)
    return funnel_summary(((r.source, histories.get(r.id, [])) for r in rows), now)
