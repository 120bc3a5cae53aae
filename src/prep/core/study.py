"""Study time and streaks, from moments of activity and timed spans. Pure: times are passed in.

Study time is the union of spans: runs of activity (REPL commands, reviews) whose gaps are
at most IDLE_GAP apart, open or closed problem attempts (capped at twice their budget) and
mock rounds. Overlapping spans count once; a span crossing the day rollover is split.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from prep.core.days import day_start, study_day

IDLE_GAP = timedelta(minutes=5)
# A span as epoch seconds (start, end): long histories are read and merged in this form.
Seconds = tuple[float, float]


@dataclass(frozen=True, order=True)
class Span:
    start: datetime
    end: datetime

    @property
    def minutes(self) -> float:
        return max(0.0, (self.end - self.start).total_seconds() / 60)


def activity_spans(moments: Iterable[datetime], idle_gap: timedelta = IDLE_GAP) -> list[Span]:
    """Spans between consecutive moments no more than `idle_gap` apart; longer gaps are idle."""
    seconds = activity_seconds((m.timestamp() for m in moments), idle_gap.total_seconds())
    return [Span(from_epoch(a), from_epoch(b)) for a, b in seconds]


def activity_seconds(moments: Iterable[float], idle_gap_s: float) -> list[Seconds]:
    """`activity_spans` on epoch seconds (what long histories are read as)."""
    ordered = sorted(moments)
    return [(a, b) for a, b in itertools.pairwise(ordered) if 0 < b - a <= idle_gap_s]


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
    return [Span(from_epoch(a), from_epoch(b)) for a, b in merge_seconds(_seconds(spans))]


def merge_seconds(spans: Iterable[Seconds]) -> list[Seconds]:
    out: list[Seconds] = []
    for a, b in sorted(sp for sp in spans if sp[1] > sp[0]):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def minutes_by_day(spans: Iterable[Span], tz: tzinfo, rollover_hour: int) -> dict[date, float]:
    """Study minutes per study day; spans that overlap count once."""
    return minutes_by_day_seconds(_seconds(spans), tz, rollover_hour)


def minutes_by_day_seconds(
    spans: Iterable[Seconds],
    tz: tzinfo,
    rollover_hour: int,
    before: Mapping[date, float] | None = None,
) -> dict[date, float]:
    """`minutes_by_day` on epoch seconds; a day's bounds are worked out once per day.

    `before` holds the totals of earlier spans (all ending before these start): adding on to
    them sums in the same order as one call over every span, so the floats come out equal."""
    totals: dict[date, float] = dict(before or {})
    day: date | None = None
    lo = hi = 0.0
    for a, b in merge_seconds(spans):
        start = a
        while start < b:
            if day is None or not lo <= start < hi:
                day = study_day(from_epoch(start), tz, rollover_hour)
                lo = day_start(day, tz, rollover_hour).timestamp()
                hi = day_start(day + timedelta(days=1), tz, rollover_hour).timestamp()
            end = min(b, hi)
            totals[day] = totals.get(day, 0.0) + (end - start) / 60
            start = end
    return totals


@dataclass(frozen=True)
class Settled:
    """Study before a cut, kept so that later study adds on without reading it again.

    `minutes` are per study day over the merged spans nothing after the cut can join; `tail`
    are the merged spans a later one may still join (the one around `last`, timed spans after
    it); `last` is the last activity moment before the cut, which pairs with the next one."""

    minutes: dict[date, float]
    tail: list[Seconds]
    last: float | None


NOTHING_SETTLED = Settled({}, [], None)


def settle(
    before: Settled,
    moments: Iterable[float],
    timed: Iterable[Seconds],
    cut: float,
    tz: tzinfo,
    rollover_hour: int,
    idle_gap_s: float,
) -> Settled:
    """`before` moved on to `cut`, given the activity moments from its cut to `cut` and the
    timed spans starting in between.

    Whatever comes later starts at `cut`, or at `last` when the next moment may be within the
    idle gap of it, so merged spans ending before that are closed and counted now; the others
    wait in `tail`."""
    ordered = sorted(moments)
    last = ordered[-1] if ordered else before.last
    activity = activity_seconds(_with(before.last, ordered), idle_gap_s)
    merged = merge_seconds([*before.tail, *activity, *timed])
    edge = last if last is not None and cut - last <= idle_gap_s else cut
    closed = [sp for sp in merged if sp[1] < edge]
    tail = merged[len(closed) :]
    return Settled(minutes_by_day_seconds(closed, tz, rollover_hour, before.minutes), tail, last)


def settled_minutes(
    settled: Settled,
    moments: Iterable[float],
    timed: Iterable[Seconds],
    tz: tzinfo,
    rollover_hour: int,
    idle_gap_s: float,
) -> dict[date, float]:
    """Minutes per study day: `settled`, plus the moments and timed spans after its cut.

    Equal to `minutes_by_day_seconds` over every span (tested), float for float."""
    activity = activity_seconds(_with(settled.last, moments), idle_gap_s)
    spans = [*settled.tail, *activity, *timed]
    return minutes_by_day_seconds(spans, tz, rollover_hour, settled.minutes)


def _with(first: float | None, moments: Iterable[float]) -> list[float]:
    return [first, *moments] if first is not None else list(moments)


def _seconds(spans: Iterable[Span]) -> list[Seconds]:
    return [(sp.start.timestamp(), sp.end.timestamp()) for sp in spans]


def from_epoch(seconds: float) -> datetime:
    """Epoch seconds as an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, UTC)


def streak(minutes: Mapping[date, float], today: date, minimum: float) -> int:
    """Consecutive study days meeting `minimum`, ending today, or yesterday if today is short."""
    day = today if minutes.get(today, 0.0) >= minimum else today - timedelta(days=1)
    count = 0
    while minutes.get(day, 0.0) >= minimum:
        count += 1
        day -= timedelta(days=1)
    return count
