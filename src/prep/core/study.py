"""Study time and streaks, from moments of activity and timed spans. Pure: times are passed in.

Study time is the union of spans: runs of activity (REPL commands, reviews) whose gaps are
at most IDLE_GAP apart, open or closed problem attempts (capped at twice their budget) and
mock rounds. Overlapping spans count once; a span crossing the day rollover is split.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from prep.core.days import day_start, study_day

IDLE_GAP = timedelta(minutes=5)


@dataclass(frozen=True, order=True)
class Span:
    start: datetime
    end: datetime

    @property
    def minutes(self) -> float:
        return max(0.0, (self.end - self.start).total_seconds() / 60)


def activity_spans(moments: Iterable[datetime], idle_gap: timedelta = IDLE_GAP) -> list[Span]:
    """Spans between consecutive moments no more than `idle_gap` apart; longer gaps are idle."""
    ordered = sorted(moments)
    spans = []
    for before, after in itertools.pairwise(ordered):
        if timedelta(0) < after - before <= idle_gap:
            spans.append(Span(before, after))
    return spans


def attempt_span(
    opened: datetime, closed: datetime | None, budget_minutes: int, now: datetime
) -> Span:
    """A problem attempt's wall time, still running when open, capped at twice its budget."""
    end = min(closed or now, opened + timedelta(minutes=2 * budget_minutes))
    return Span(opened, max(opened, end))


def round_span(
    started: datetime, ended: datetime | None, planned_minutes: int, now: datetime
) -> Span:
    """A mock round's duration; one left unfinished counts up to twice its plan."""
    cap = started + timedelta(minutes=2 * planned_minutes)
    end = ended if ended is not None else min(now, cap)
    return Span(started, max(started, end))


def merge(spans: Iterable[Span]) -> list[Span]:
    """The union of spans, as disjoint spans in time order."""
    out: list[Span] = []
    for span in sorted(s for s in spans if s.end > s.start):
        if out and span.start <= out[-1].end:
            last = out[-1]
            out[-1] = Span(last.start, max(last.end, span.end))
        else:
            out.append(span)
    return out


def minutes_by_day(spans: Iterable[Span], tz: tzinfo, rollover_hour: int) -> dict[date, float]:
    """Study minutes per study day; spans that overlap count once."""
    totals: dict[date, float] = {}
    day: date | None = None
    lo = hi = None
    for span in merge(spans):
        start = span.start
        while start < span.end:
            if lo is None or hi is None or day is None or not lo <= start < hi:
                day = study_day(start, tz, rollover_hour)
                lo = day_start(day, tz, rollover_hour)
                hi = day_start(day + timedelta(days=1), tz, rollover_hour)
            end = min(span.end, hi)
            totals[day] = totals.get(day, 0.0) + (end - start).total_seconds() / 60
            start = end
    return totals


def streak(minutes: Mapping[date, float], today: date, minimum: float) -> int:
    """Consecutive study days meeting `minimum`, ending today, or yesterday if today is short."""
    day = today if minutes.get(today, 0.0) >= minimum else today - timedelta(days=1)
    count = 0
    while minutes.get(day, 0.0) >= minimum:
        count += 1
        day -= timedelta(days=1)
    return count
