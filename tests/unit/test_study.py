"""Study time and streaks against hand-computed fixtures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from prep.core.study import (
    Span,
    activity_spans,
    attempt_span,
    merge,
    minutes_by_day,
    round_span,
    streak,
)


def at(hour: int, minute: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def test_gaps_over_five_minutes_are_idle() -> None:
    # 10:00 → 10:03 → 10:08 (5 min: counted) → 10:20 (12 min: idle) → 10:21
    moments = [at(10, 8), at(10), at(10, 3), at(10, 20), at(10, 21)]
    spans = activity_spans(moments)
    assert spans == [
        Span(at(10), at(10, 3)),
        Span(at(10, 3), at(10, 8)),
        Span(at(10, 20), at(10, 21)),
    ]
    assert sum(s.minutes for s in spans) == 3 + 5 + 1


def test_a_lone_moment_and_duplicates_count_nothing() -> None:
    assert activity_spans([at(9)]) == []
    assert activity_spans([at(9), at(9)]) == []


def test_attempt_is_capped_at_twice_its_budget() -> None:
    now = at(12)
    assert attempt_span(at(10), at(10, 25), 20, now).minutes == 25
    assert attempt_span(at(10), at(11, 30), 20, now).minutes == 40  # capped
    assert attempt_span(at(11, 50), None, 20, now).minutes == 10  # open: runs until now
    assert attempt_span(at(10), None, 20, now).minutes == 40  # open and over: capped


def test_round_counts_its_duration() -> None:
    assert round_span(at(10), at(10, 45), 45, at(12)).minutes == 45
    assert round_span(at(11, 30), None, 45, at(12)).minutes == 30
    assert round_span(at(9), None, 45, at(12)).minutes == 90


def test_overlapping_spans_count_once() -> None:
    merged = merge(
        [Span(at(10), at(10, 30)), Span(at(10, 20), at(10, 40)), Span(at(11), at(11, 5))]
    )
    assert merged == [Span(at(10), at(10, 40)), Span(at(11), at(11, 5))]


def test_minutes_split_at_the_day_rollover() -> None:
    # Rollover at 04:00 in UTC+1, i.e. 03:00 UTC. A span 02:30-03:20 UTC on Mar 3 is
    # 30 minutes of the Mar 2 study day and 20 of the Mar 3 one.
    tz = timezone(timedelta(hours=1))
    spans = [Span(at(2, 30, day=3), at(3, 20, day=3)), Span(at(10), at(10, 15))]
    assert minutes_by_day(spans, tz, 4) == {date(2026, 3, 2): 45.0, date(2026, 3, 3): 20.0}


def test_streak_ends_today_or_yesterday() -> None:
    today = date(2026, 3, 5)
    minutes = {
        date(2026, 3, 1): 40.0,
        date(2026, 3, 2): 10.0,  # short: breaks the streak
        date(2026, 3, 3): 30.0,
        date(2026, 3, 4): 60.0,
    }
    assert streak(minutes, today, 30) == 2  # today not met yet: ends yesterday
    assert streak({**minutes, today: 31.0}, today, 30) == 3
    assert streak({**minutes, today: 31.0}, today, 5) == 5
    assert streak({date(2026, 3, 3): 50.0}, today, 30) == 0  # nothing yesterday
    assert streak({}, today, 30) == 0
