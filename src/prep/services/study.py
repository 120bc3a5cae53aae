"""Study time and streak from what the database remembers: activity, reviews, attempts, mocks.

`prep today` shows this summary within its 300 ms (DESIGN §7) over a history of hundreds of
thousands of reviews, so it reads plain SQL through a `Reader` (prep.store.reads) and imports
neither SQLAlchemy nor the models on the default collection; only `record_activity`, a write,
does. The database turns moments into epoch seconds, and study before a cut an hour or two
back is kept in PREP_HOME/cache as minutes per study day (core.study.Settled), so a summary
reads only the moments since the cut. The result equals reading everything, float for float.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from prep.app import App
from prep.core.days import study_day
from prep.core.study import (
    IDLE_GAP,
    NOTHING_SETTLED,
    Seconds,
    Settled,
    Span,
    activity_seconds,
    attempt_span,
    from_epoch,
    round_span,
    settle,
    settled_minutes,
    streak,
)
from prep.files import write_atomic
from prep.store.reads import Reader, reading, utc

# Attempts and mock rounds count at most twice their budget, which is hours, not a day.
SPAN_MARGIN = timedelta(days=1)
# Moments older than this (to the hour) are settled: their minutes are cached. Rows written
# later with older times (an import, a restore) change the row counts and rebuild the cache.
SETTLED = timedelta(hours=1)
CACHE_VERSION = 3
IDLE_GAP_S = IDLE_GAP.total_seconds()


@dataclass(frozen=True)
class StudySummary:
    minutes_today: float
    goal_minutes: int
    streak_days: int
    streak_minutes: int


def record_activity(app: App, source: str = "repl") -> None:
    """Remember a moment of study (a REPL command) so idle-gapped study time can be counted."""
    from prep.store.models import ActivityRow
    from prep.store.repo import to_db

    with app.uow(write=True) as uow:
        uow.session.add(ActivityRow(at=to_db(app.now()), source=source))
        uow.commit()


def study_summary(app: App) -> StudySummary:
    """Minutes studied today against the goal, and the streak of days meeting the minimum."""
    now = app.now()
    per_day = minutes_by_study_day(app, now)
    today = study_day(now, app.timezone, app.config.day_starts_at)
    minimum = app.config.streak_minutes
    return StudySummary(
        per_day.get(today, 0.0),
        app.config.daily_goal_minutes,
        streak(per_day, today, minimum),
        minimum,
    )


def minutes_by_study_day(app: App, now: datetime | None = None) -> dict[date, float]:
    """Study minutes per study day over the whole history: settled days from the cache."""
    now = app.now() if now is None else now
    with reading(app) as reader:
        timed = _timed(reader, now)
        cut, settled = _settled(app, reader, now, timed)
        recent = _moments(reader, cut, None)
    cut_s = cut.timestamp()
    later = [sp for sp in timed if sp[0] >= cut_s]
    tz, hour = app.timezone, app.config.day_starts_at
    return settled_minutes(settled, recent, later, tz, hour, IDLE_GAP_S)


def study_spans(app: App, since: datetime | None = None) -> list[Span]:
    """Every study span, or those from `since` on (a margin before it is read too, so spans
    crossing it are whole). Read in full, without the cache."""
    now = app.now()
    margin = since - SPAN_MARGIN if since is not None else None
    with reading(app) as reader:
        spans = activity_seconds(_moments(reader, margin, None), IDLE_GAP_S)
        timed = _timed(reader, now)
    if margin is not None:
        timed = [sp for sp in timed if sp[0] >= margin.timestamp()]
    return [Span(from_epoch(a), from_epoch(b)) for a, b in spans + timed]


def _timed(reader: Reader, now: datetime) -> list[Seconds]:
    """Problem attempts and mock rounds as spans, in time order (a few rows a day)."""
    spans: list[Span] = []
    for opened, closed, budget in reader.rows(
        "SELECT opened_at, closed_at, budget_minutes FROM attempts"
    ):
        start = utc(opened)
        assert start is not None
        spans.append(attempt_span(start, utc(closed), int(budget), now))
    for started, ended, planned in reader.rows(
        "SELECT started_at, ended_at, planned_minutes FROM mock_rounds"
    ):
        start = utc(started)
        assert start is not None
        spans.append(round_span(start, utc(ended), int(planned), now))
    return sorted((sp.start.timestamp(), sp.end.timestamp()) for sp in spans)


def _moments(reader: Reader, start: datetime | None, end: datetime | None) -> list[float]:
    """REPL activity and review moments in [start, end), as epoch seconds (worked out by the
    database: a long history has hundreds of thousands of them)."""
    bounds: list[str] = []
    params: dict[str, object] = {}
    if start is not None:
        bounds.append(">= :start")
        params["start"] = reader.when(start)
    if end is not None:
        bounds.append("< :end")
        params["end"] = reader.when(end)
    out: list[float] = []
    for table, column, where in (
        ("activity", "at", []),
        ("review_logs", "reviewed_at", ["kind = 'review'"]),
    ):
        where = where + [f"{column} {bound}" for bound in bounds]
        sql = f"SELECT {_epoch(reader, column)} FROM {table}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = reader.rows(sql, params)
        out += [r[0] for r in rows] if reader.sqlite else [float(r[0]) for r in rows]
    return out


def _epoch(reader: Reader, column: str) -> str:
    """SQL for a datetime column as epoch seconds, equal to Python's `timestamp()` of it.

    SQLite: whole seconds by strftime and microseconds from the text (julianday keeps only
    milliseconds), divided once as Python does; PostgreSQL: EXTRACT, exact (numeric)."""
    if not reader.sqlite:
        return f"EXTRACT(EPOCH FROM {column})"
    return (
        f"(CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER) * 1000000"
        f" + CAST(substr({column} || '000000', 21, 6) AS INTEGER)) / 1000000.0"
    )


def _counts_before(reader: Reader, cut: datetime) -> list[int]:
    """Rows older than `cut`: any change to them invalidates the cache. Counted as all rows
    less the recent ones, because counting the old ones walks most of an index."""
    row = reader.rows(
        "SELECT (SELECT COUNT(*) FROM activity)"
        " - (SELECT COUNT(*) FROM activity WHERE at >= :cut),"
        " (SELECT COUNT(*) FROM review_logs)"
        " - (SELECT COUNT(*) FROM review_logs WHERE reviewed_at >= :cut)",
        {"cut": reader.when(cut)},
    )[0]
    return [int(row[0]), int(row[1])]


def _fingerprint(timed: list[Seconds], cut: datetime) -> str:
    """The timed spans starting before `cut`: an attempt closed or a round ended since
    changes it."""
    cut_s = cut.timestamp()
    before = [sp for sp in timed if sp[0] < cut_s]
    return hashlib.sha256(json.dumps(before).encode()).hexdigest()


@dataclass(frozen=True)
class _Cache:
    cut: datetime
    counts: list[int]
    timed: str  # _fingerprint
    settled: Settled


def _settled(
    app: App, reader: Reader, now: datetime, timed: list[Seconds]
) -> tuple[datetime, Settled]:
    """Study before the cut: the cached one while the rows before it are unchanged, moved on
    when the cut moves (hourly), rebuilt from every row otherwise."""
    target = (now - SETTLED).replace(minute=0, second=0, microsecond=0)
    now_s = now.timestamp()
    # An open attempt or round still grows with the clock: the cut waits before its start.
    cut = min([target] + [from_epoch(a) for a, b in timed if b >= now_s])
    # The name the spans cache of version 2 had: its file is replaced, not left behind.
    path = app.home / "cache" / f"study-spans-{_db_key(app)}.json"
    zone = _zone(app)
    start: datetime | None = None
    before = NOTHING_SETTLED
    cached = _read_cache(path, zone)
    if (
        cached is not None
        and cached.cut <= cut
        and _counts_before(reader, cached.cut) == cached.counts
        and _fingerprint(timed, cached.cut) == cached.timed
    ):
        if cached.cut == cut:
            return cut, cached.settled
        start, before = cached.cut, cached.settled
    lo, hi = float("-inf") if start is None else start.timestamp(), cut.timestamp()
    settled = settle(
        before,
        _moments(reader, start, cut),
        [sp for sp in timed if lo <= sp[0] < hi],
        hi,
        app.timezone,
        app.config.day_starts_at,
        IDLE_GAP_S,
    )
    counts = _counts_before(reader, cut)
    _write_cache(path, zone, _Cache(cut, counts, _fingerprint(timed, cut), settled))
    return cut, settled


def _db_key(app: App) -> str:
    return hashlib.sha256(app.database_url.encode()).hexdigest()[:16]


def _zone(app: App) -> str:
    """What study days depend on: cached minutes are for one time zone and rollover hour."""
    return f"{app.timezone!r} {app.config.day_starts_at}"


def _read_cache(path: Path, zone: str) -> _Cache | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION or data.get("zone") != zone:
            return None  # an older format, or days cut elsewhere
        cut = datetime.fromisoformat(data["cut"])
        if cut.tzinfo is None:
            return None
        flat = data["tail"]
        tail = [(float(flat[i]), float(flat[i + 1])) for i in range(0, len(flat), 2)]
        last = None if data["last"] is None else float(data["last"])
        minutes = {date.fromisoformat(d): float(m) for d, m in data["minutes"].items()}
        counts = [int(c) for c in data["counts"]]
        timed = str(data["timed"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None  # missing or damaged: rebuilt from the database
    return _Cache(cut, counts, timed, Settled(minutes, tail, last))


def _write_cache(path: Path, zone: str, cache: _Cache) -> None:
    settled = cache.settled
    data = {
        "version": CACHE_VERSION,
        "zone": zone,
        "cut": cache.cut.isoformat(),
        "counts": cache.counts,
        "timed": cache.timed,
        "minutes": {d.isoformat(): m for d, m in settled.minutes.items()},
        "tail": [x for span in settled.tail for x in span],
        "last": settled.last,
    }
    try:
        write_atomic(path, json.dumps(data))
    except OSError:
        pass  # only a cache: the next run reads the database again


@dataclass(frozen=True)
class RunningAttempt:
    problem_id: str
    opened_at: datetime
    budget_minutes: int


def running_attempt(app: App) -> RunningAttempt | None:
    """The most recently opened attempt that is still open (its clock is running)."""
    with reading(app) as reader:
        rows = reader.rows(
            "SELECT p.slug, a.opened_at, a.budget_minutes FROM attempts a"
            " JOIN problems p ON p.id = a.problem_id WHERE a.outcome = 'open'"
            " ORDER BY a.opened_at DESC LIMIT 1"
        )
    if not rows:
        return None
    slug, opened, budget = rows[0]
    opened_at = utc(opened)
    assert opened_at is not None
    return RunningAttempt(str(slug), opened_at, int(budget))
