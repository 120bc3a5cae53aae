"""Study time and streak from what the database remembers: activity, reviews, attempts, mocks."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.days import study_day
from prep.core.study import (
    IDLE_GAP,
    Seconds,
    Span,
    activity_seconds,
    attempt_span,
    merge_seconds,
    minutes_by_day_seconds,
    round_span,
    streak,
)
from prep.store.models import ActivityRow, AttemptRow, MockRoundRow, ProblemRow, ReviewLogRow
from prep.store.repo import from_db, to_db

# Attempts and mock rounds count at most twice their budget, which is hours, not a day.
SPAN_MARGIN = timedelta(days=1)
# Moments older than this are settled: their spans are cached.
SETTLED = timedelta(days=2)
CACHE_VERSION = 2
IDLE_GAP_S = IDLE_GAP.total_seconds()


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


def study_spans(app: App, since: datetime | None = None) -> list[Span]:
    """Every study span, or those from `since` on (a margin before it is read too, so spans
    crossing it are whole)."""
    return [Span(_utc(a), _utc(b)) for a, b in _study_seconds(app, since)]


def _study_seconds(app: App, since: datetime | None = None) -> list[Seconds]:
    now = app.now()
    margin = since - SPAN_MARGIN if since is not None else None
    with app.uow() as uow:
        s = uow.session
        if margin is None:
            spans = _all_activity_seconds(app, s, now)
        else:
            spans = activity_seconds(_moments(s, margin, None), IDLE_GAP_S)
        attempts = select(AttemptRow)
        rounds = select(MockRoundRow)
        if margin is not None:
            attempts = attempts.where(AttemptRow.opened_at >= to_db(margin))
            rounds = rounds.where(MockRoundRow.started_at >= to_db(margin))
        timed: list[Span] = []
        for a in s.scalars(attempts):
            opened = from_db(a.opened_at)
            assert opened is not None
            timed.append(attempt_span(opened, from_db(a.closed_at), a.budget_minutes, now))
        for r in s.scalars(rounds):
            started = from_db(r.started_at)
            assert started is not None
            timed.append(round_span(started, from_db(r.ended_at), r.planned_minutes, now))
    return spans + [(sp.start.timestamp(), sp.end.timestamp()) for sp in timed]


def _moments(s: Session, start: datetime | None, end: datetime | None) -> list[float]:
    """REPL activity and review moments in [start, end), as epoch seconds.

    Read as text and parsed here: a long history has hundreds of thousands of them."""
    activity = select(cast(ActivityRow.at, String))
    reviews = select(cast(ReviewLogRow.reviewed_at, String)).where(ReviewLogRow.kind == "review")
    if start is not None:
        activity = activity.where(ActivityRow.at >= to_db(start))
        reviews = reviews.where(ReviewLogRow.reviewed_at >= to_db(start))
    if end is not None:
        activity = activity.where(ActivityRow.at < to_db(end))
        reviews = reviews.where(ReviewLogRow.reviewed_at < to_db(end))
    parse = datetime.fromisoformat
    out = [parse(t).replace(tzinfo=UTC).timestamp() for t in s.scalars(activity)]
    out += [parse(t).replace(tzinfo=UTC).timestamp() for t in s.scalars(reviews)]
    return out


def _counts_before(s: Session, boundary: datetime) -> list[int]:
    """Rows older than `boundary`: any change to them invalidates the cached spans."""
    at = to_db(boundary)
    return [
        int(s.scalar(select(func.count()).where(ActivityRow.at < at)) or 0),
        int(s.scalar(select(func.count()).where(ReviewLogRow.reviewed_at < at)) or 0),
    ]


def _all_activity_seconds(app: App, s: Session, now: datetime) -> list[Seconds]:
    """Activity spans over the whole history: spans of settled moments (older than two days)
    come from a cache in PREP_HOME/cache, checked against the row counts before its boundary
    and extended as days settle; only the recent moments are read each time.

    Exact because activity spans join consecutive moments only: the settled moments are a
    prefix of the time-ordered moments and the recent read a suffix overlapping it by more
    than the idle gap, and spans found twice merge into one."""
    boundary = (now - SETTLED).replace(minute=0, second=0, microsecond=0)
    path = app.home / "cache" / f"study-spans-{_db_key(app)}.json"
    settled: list[Seconds] = []
    since: datetime | None = None
    cached = _read_cache(path)
    if cached is not None:
        cached_boundary, counts, spans = cached
        if cached_boundary <= boundary and _counts_before(s, cached_boundary) == counts:
            settled, since = spans, cached_boundary - SPAN_MARGIN
            if cached_boundary == boundary:
                return settled + _recent(s, boundary)
    settled = merge_seconds(settled + activity_seconds(_moments(s, since, boundary), IDLE_GAP_S))
    _write_cache(path, boundary, _counts_before(s, boundary), settled)
    return settled + _recent(s, boundary)


def _recent(s: Session, boundary: datetime) -> list[Seconds]:
    return activity_seconds(_moments(s, boundary - SPAN_MARGIN, None), IDLE_GAP_S)


def _db_key(app: App) -> str:
    return hashlib.sha256(app.database_url.encode()).hexdigest()[:16]


def _read_cache(path: Path) -> tuple[datetime, list[int], list[Seconds]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION:
            return None
        boundary = _utc(float(data["boundary"]))
        counts = [int(c) for c in data["counts"]]
        flat = data["spans"]
        spans = [(float(flat[i]), float(flat[i + 1])) for i in range(0, len(flat), 2)]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None  # missing or damaged: rebuilt from the database
    return boundary, counts, spans


def _write_cache(path: Path, boundary: datetime, counts: list[int], spans: list[Seconds]) -> None:
    data = {
        "version": CACHE_VERSION,
        "boundary": boundary.timestamp(),
        "counts": counts,
        "spans": [x for span in spans for x in span],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # only a cache: the next run reads the database again


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def study_summary(app: App) -> StudySummary:
    """Minutes studied today against the goal, and the streak of days meeting the minimum."""
    tz, hour = app.timezone, app.config.day_starts_at
    per_day = minutes_by_day_seconds(_study_seconds(app), tz, hour)
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
