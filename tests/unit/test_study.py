"""Study time and streaks against hand-computed fixtures."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from prep.core.study import (
    IDLE_GAP,
    NOTHING_SETTLED,
    Seconds,
    Span,
    activity_seconds,
    activity_spans,
    attempt_span,
    merge,
    minutes_by_day,
    minutes_by_day_seconds,
    round_span,
    settle,
    settled_minutes,
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


def sessions(rng: random.Random, start: float, days: int) -> list[float]:
    """Moments in bursts (seconds to minutes apart, some past the idle gap), a few a day."""
    moments: list[float] = []
    for day in range(days):
        for _ in range(rng.randint(0, 3)):
            t = start + day * 86400 + rng.uniform(0, 86400)
            for _ in range(rng.randint(1, 40)):
                moments.append(t)
                t += rng.choice([rng.uniform(0.5, 90), rng.uniform(200, 320), 0.0])
    return moments


def test_settled_minutes_equal_one_pass_over_every_span_float_for_float() -> None:
    """Study settled cut by cut (as the cache moves on), plus what follows the last cut,
    sums to exactly the floats of one pass, with runs and timed spans across the cuts."""
    rng = random.Random(11)
    tz, rollover, gap = ZoneInfo("Europe/Berlin"), 4, IDLE_GAP.total_seconds()
    start = datetime(2026, 3, 20, tzinfo=UTC).timestamp()  # summer time begins on Mar 29
    crossing = 0
    for _trial in range(40):
        moments = sessions(rng, start, 20)
        timed: list[Seconds] = []
        for _ in range(rng.randint(0, 6)):
            a = start + rng.uniform(0, 20 * 86400)
            timed.append((a, a + rng.uniform(0, 3 * 3600)))
        cuts = sorted(
            [*rng.sample(moments, min(3, len(moments))), start + rng.uniform(0, 20 * 86400)]
        )
        cuts = [c + rng.choice([0.0, 1.0, -1.0, 0.25]) for c in cuts]  # on, in or near a run
        settled, lo = NOTHING_SETTLED, float("-inf")
        for cut in cuts:
            if cut <= lo:
                continue
            settled = settle(
                settled,
                [m for m in moments if lo <= m < cut],
                [sp for sp in timed if lo <= sp[0] < cut],
                cut,
                tz,
                rollover,
                gap,
            )
            lo = cut
        spans = activity_seconds(moments, gap) + timed
        crossing += sum(1 for a, b in spans for c in cuts if a < c < b)
        later = [sp for sp in timed if sp[0] >= lo]
        pieces = settled_minutes(settled, [m for m in moments if m >= lo], later, tz, rollover, gap)
        assert pieces == minutes_by_day_seconds(spans, tz, rollover)
    assert crossing > 20  # the cuts did fall inside spans


def test_nothing_settled_adds_nothing() -> None:
    moments = [at(10).timestamp(), at(10, 3).timestamp()]
    minutes = settled_minutes(NOTHING_SETTLED, moments, [], UTC, 4, IDLE_GAP.total_seconds())
    assert minutes == {date(2026, 3, 2): 3.0}
