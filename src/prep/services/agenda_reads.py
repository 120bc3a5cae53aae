"""The agenda's reads besides cards and study time: problems due, interviews, overdue actions.

`prep today` runs within 300 ms at 100k cards (DESIGN §7), so these reads go through a
`Reader` (prep.store.reads): plain sqlite3 on the default collection, SQLAlchemy elsewhere.
This module imports neither SQLAlchemy nor the models; only loading changed problem folders
(`sync_problems`) needs them. `prep due`, `prep problems` and `prep solve` share these reads.
A test keeps the import promise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from prep.app import App
from prep.core.days import day_bounds
from prep.core.errors import NotFoundError
from prep.core.pipeline import Application, Event
from prep.core.schedule import NEW
from prep.services.problem_roots import problems_synced
from prep.store import pipeline_reads
from prep.store.reads import Reader, reading, utc

NEW_PROBLEMS_PER_DAY = 2
INTERVIEW_HORIZON = timedelta(days=7)


@dataclass(frozen=True)
class ProblemItem:
    slug: str
    title: str
    category: str
    difficulty: str
    minutes: int
    state: str
    due: datetime | None
    attempts: int
    solved: bool


@dataclass(frozen=True)
class Overdue:
    application: Application
    days: int  # late by this many days, rounded up


# --- Problems ---------------------------------------------------------------------------------


def _sync_problems(app: App) -> None:
    """Load changed problem folders first; unchanged ones need no database (nor SQLAlchemy)."""
    if not problems_synced(app):
        from prep.services.problems import sync_problems

        sync_problems(app)


def read_problems(reader: Reader, category: str | None = None) -> list[ProblemItem]:
    """Available problems in folder order, with how often each was attempted and solved."""
    where = "AND p.category = :category" if category else ""
    rows = reader.rows(
        "SELECT p.slug, p.title, p.category, p.level, p.minutes, p.state, p.due, "
        "COALESCE(a.attempts, 0), COALESCE(a.solved, 0) "
        "FROM problems p LEFT JOIN ("
        "  SELECT problem_id, COUNT(*) AS attempts,"
        "  SUM(CASE WHEN outcome = 'accepted' THEN 1 ELSE 0 END) AS solved"
        "  FROM attempts GROUP BY problem_id"
        ") a ON a.problem_id = p.id "
        f"WHERE p.available = TRUE {where} ORDER BY p.position, p.id",
        {"category": category} if category else {},
    )
    return [
        ProblemItem(slug, title, cat, level, minutes, state, utc(due), attempts, solved > 0)
        for slug, title, cat, level, minutes, state, due, attempts, solved in rows
    ]


def _due_before(item: ProblemItem, end: datetime) -> bool:
    return item.state != NEW and item.due is not None and item.due < end


def read_due_problems(reader: Reader, start: datetime, end: datetime) -> list[ProblemItem]:
    """Reviews due before `end` by due time, then never-attempted problems up to the daily
    limit less those started since `start` (the day's rollover)."""
    items = read_problems(reader)
    due = sorted((i for i in items if _due_before(i, end)), key=lambda i: i.due or end)
    [(started_today,)] = reader.rows(
        "SELECT COUNT(*) FROM problem_logs WHERE prior_state = :new AND reviewed_at >= :start",
        {"new": NEW, "start": reader.when(start)},
    )
    fresh = [i for i in items if i.state == NEW and i.attempts == 0]
    return due + fresh[: max(0, NEW_PROBLEMS_PER_DAY - started_today)]


def list_problems(
    app: App, category: str | None = None, due_only: bool = False
) -> list[ProblemItem]:
    """Available problems (of one category; only those due today), in folder order."""
    _sync_problems(app)
    _, end = day_bounds(app.now(), app.timezone, app.config.day_starts_at)
    with reading(app) as reader:
        items = read_problems(reader, category)
    if category and not items:
        raise NotFoundError(f"no problems in category '{category}'; see `prep problems`")
    return [i for i in items if _due_before(i, end)] if due_only else items


def due_problems(app: App) -> list[ProblemItem]:
    """Today's problems: reviews due before the rollover, then new ones up to the daily limit."""
    _sync_problems(app)
    start, end = day_bounds(app.now(), app.timezone, app.config.day_starts_at)
    with reading(app) as reader:
        return read_due_problems(reader, start, end)


# --- Pipeline ---------------------------------------------------------------------------------


def read_upcoming_events(
    reader: Reader, now: datetime, include_past: bool = False
) -> list[tuple[Application, Event]]:
    """Events that have not ended by `now` (or all of them), by start time then application."""
    apps = {a.id: a for a in pipeline_reads.applications(reader)}
    out = [
        (apps[app_id], e)
        for app_id, evs in pipeline_reads.events(reader).items()
        for e in evs
        if include_past or e.ends_at >= now
    ]
    return sorted(out, key=lambda pair: (pair[1].starts_at, pair[0].slug))


def read_overdue_actions(reader: Reader, now: datetime) -> list[Overdue]:
    """Active applications whose next action was due before `now`, most overdue first."""
    out = [
        Overdue(a, max(1, math.ceil((now - a.next_action_due) / timedelta(days=1))))
        for a in pipeline_reads.applications(reader, with_next_action=True)
        if a.active and a.next_action and a.next_action_due is not None and a.next_action_due < now
    ]
    return sorted(out, key=lambda o: (-o.days, o.application.slug))


def upcoming_events(app: App, include_past: bool = False) -> list[tuple[Application, Event]]:
    """Events that have not ended yet (or all of them), in start order."""
    with reading(app) as reader:
        return read_upcoming_events(reader, app.now(), include_past)


def upcoming_interviews(
    app: App, horizon: timedelta = INTERVIEW_HORIZON
) -> list[tuple[Application, Event]]:
    """Events of active applications that have not ended and start within the horizon."""
    now = app.now()
    with reading(app) as reader:
        events = read_upcoming_events(reader, now)
    return [(a, e) for a, e in events if a.active and e.starts_at <= now + horizon]


def overdue_actions(app: App) -> list[Overdue]:
    """Active applications whose next action is past its due time, most overdue first."""
    with reading(app) as reader:
        return read_overdue_actions(reader, app.now())
