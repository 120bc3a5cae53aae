"""Statistics maths for `prep stats`. Pure: rows, `now`, the zone and the rollover are passed in.

Retention follows Anki's "true retention": the pass rate (any answer but Again) of answers
given to cards in the review state, split into young (interval before the answer under
MATURE_DAYS) and mature cards. Days are study days (see core/days.py).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from fsrs import Scheduler

from prep.core.days import study_day
from prep.core.pipeline import FunnelRow, Transition, funnel
from prep.core.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory, retrievability
from prep.core.study import Span, minutes_by_day

MATURE_DAYS = 21.0
AGAIN = 1
# (name, first day's offset back from today, last day's offset): `today` is offset 0.
PERIODS: tuple[tuple[str, int, int], ...] = (
    ("today", 0, 0),
    ("yesterday", 1, 1),
    ("week", 6, 0),
    ("month", 29, 0),
    ("year", 364, 0),
)


@dataclass(frozen=True)
class StudyDays:
    """The user's clock: `now`, their zone and the hour their study day rolls over."""

    now: datetime
    tz: tzinfo
    rollover_hour: int

    @property
    def today(self) -> date:
        return study_day(self.now, self.tz, self.rollover_hour)

    def day_of(self, at: datetime) -> date:
        return study_day(at, self.tz, self.rollover_hour)


@dataclass(frozen=True)
class Answer:
    """One review still in force (not undone): when, the rating, and the card before it."""

    at: datetime
    rating: int
    prior_state: str
    interval_days: float  # the interval (or stability) the card had before this answer
    deck: str = ""


# --- charts --------------------------------------------------------------------------------


def heatmap(
    moments: Iterable[datetime], days: StudyDays, span: int = 365
) -> list[tuple[date, int]]:
    """Reviews per study day over the last `span` days, oldest first, days without any as 0."""
    first = days.today - timedelta(days=span - 1)
    counts = Counter(days.day_of(m) for m in moments)
    return [(d, counts.get(d, 0)) for d in _dates(first, span)]


@dataclass(frozen=True)
class ForecastDay:
    day: date
    cards: int
    problems: int


def forecast(
    card_dues: Iterable[datetime], problem_dues: Iterable[datetime], days: StudyDays, span: int = 30
) -> list[ForecastDay]:
    """Cards and problems falling due on each of the next `span` study days; overdue is today."""
    first = days.today

    def per_day(dues: Iterable[datetime]) -> Counter[date]:
        return Counter(max(first, days.day_of(d)) for d in dues)

    cards, problems = per_day(card_dues), per_day(problem_dues)
    return [ForecastDay(d, cards.get(d, 0), problems.get(d, 0)) for d in _dates(first, span)]


@dataclass(frozen=True)
class StudyDay:
    day: date
    minutes: float
    goal_minutes: int

    @property
    def met(self) -> bool:
        return self.minutes >= self.goal_minutes


def study_minutes(
    spans: Iterable[Span], days: StudyDays, goal_minutes: int, span: int = 30
) -> list[StudyDay]:
    """Minutes studied on each of the last `span` study days, against the daily goal."""
    totals = minutes_by_day(spans, days.tz, days.rollover_hour)
    first = days.today - timedelta(days=span - 1)
    return [StudyDay(d, round(totals.get(d, 0.0), 1), goal_minutes) for d in _dates(first, span)]


@dataclass(frozen=True)
class MockPoint:
    number: int  # 1 for the oldest finished round
    started_at: datetime
    template: str
    total: int
    change: int | None


def mock_trend(rounds: Iterable[tuple[datetime, str, int]]) -> list[MockPoint]:
    """Rubric totals of finished rounds, oldest first, with the change from the round before."""
    points: list[MockPoint] = []
    for n, (started, template, total) in enumerate(sorted(rounds, key=lambda r: r[0]), 1):
        change = total - points[-1].total if points else None
        points.append(MockPoint(n, started, template, total, change))
    return points


# --- tables --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PassRate:
    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None

    def add(self, passed: bool) -> PassRate:
        return PassRate(self.passed + int(passed), self.total + 1)


@dataclass(frozen=True)
class Retention:
    period: str
    young: PassRate
    mature: PassRate

    @property
    def total(self) -> PassRate:
        return PassRate(
            self.young.passed + self.mature.passed, self.young.total + self.mature.total
        )


def is_mature(interval_days: float) -> bool:
    return interval_days >= MATURE_DAYS


def true_retention(answers: Iterable[Answer], days: StudyDays) -> list[Retention]:
    """Pass rate of young and mature review-state cards for each period of PERIODS."""
    today = days.today
    young = dict.fromkeys((p[0] for p in PERIODS), PassRate())
    mature = dict(young)
    for a in answers:
        if a.prior_state != REVIEW:
            continue
        back = (today - days.day_of(a.at)).days
        bucket = mature if is_mature(a.interval_days) else young
        for name, oldest, newest in PERIODS:
            if newest <= back <= oldest:
                bucket[name] = bucket[name].add(a.rating != AGAIN)
    return [Retention(name, young[name], mature[name]) for name, _, _ in PERIODS]


@dataclass(frozen=True)
class CardFacts:
    """What the state table needs about one card."""

    memory: Memory
    suspended: bool = False
    deck: str = ""


STATE_ORDER = ("new", "learning", "relearning", "young", "mature", "suspended")


def interval_of(memory: Memory) -> float:
    """A card's current interval in days (due − last review), else its stability, else 0."""
    if memory.due is not None and memory.last_review is not None:
        return (memory.due - memory.last_review) / timedelta(days=1)
    return memory.stability or 0.0


def cards_by_state(cards: Iterable[CardFacts]) -> list[tuple[str, int]]:
    """Counts in Anki's buckets: new, learning, relearning, young, mature, suspended."""
    counts: Counter[str] = Counter()
    for c in cards:
        if c.suspended:
            counts["suspended"] += 1
        elif c.memory.state == REVIEW:
            counts["mature" if is_mature(interval_of(c.memory)) else "young"] += 1
        else:
            counts[c.memory.state if c.memory.state in (NEW, LEARNING, RELEARNING) else NEW] += 1
    return [(name, counts.get(name, 0)) for name in STATE_ORDER]


def average_retrievability(
    scheduler: Scheduler, memories: Iterable[Memory], now: datetime
) -> tuple[float | None, int]:
    """Mean predicted recall now over cards reviewed at least once, and how many there are."""
    values = [
        retrievability(scheduler, m, now)
        for m in memories
        if m.state != NEW and m.last_review is not None and m.stability is not None
    ]
    return (sum(values) / len(values) if values else None), len(values)


@dataclass(frozen=True)
class DeckRetention:
    deck: str
    rate: PassRate


def deck_retention(
    answers: Iterable[Answer], days: StudyDays, span: int = 30
) -> list[DeckRetention]:
    """True retention (young and mature together) of each deck over the last `span` days."""
    first = days.today - timedelta(days=span - 1)
    rates: dict[str, PassRate] = {}
    for a in answers:
        if a.prior_state == REVIEW and days.day_of(a.at) >= first:
            rates[a.deck] = rates.get(a.deck, PassRate()).add(a.rating != AGAIN)
    return [DeckRetention(deck, rates[deck]) for deck in sorted(rates)]


@dataclass(frozen=True)
class AttemptFacts:
    slug: str
    category: str
    outcome: str  # open | accepted | gave_up
    minutes: float | None  # closed − opened, None while open
    budget_minutes: int


@dataclass(frozen=True)
class CategoryStats:
    category: str
    problems: int
    solved: int
    attempts: int
    median_minutes: float | None  # of accepted attempts
    median_budget: float | None  # of the same attempts' budgets
    verdicts: dict[str, int] = field(default_factory=dict)


def problems_by_category(
    problems: Iterable[tuple[str, str]],
    attempts: Iterable[AttemptFacts],
    verdicts: Iterable[tuple[str, str]],
) -> list[CategoryStats]:
    """Per category: problems, distinct ones solved, median solve time against budget, verdicts.

    `problems` and `verdicts` are (slug, category) and (category, verdict) pairs.
    """
    slugs: dict[str, set[str]] = {}
    for slug, category in problems:
        slugs.setdefault(category, set()).add(slug)
    mine: dict[str, list[AttemptFacts]] = {}
    for a in attempts:
        mine.setdefault(a.category, []).append(a)
        slugs.setdefault(a.category, set()).add(a.slug)
    mix: dict[str, Counter[str]] = {}
    for category, verdict in verdicts:
        mix.setdefault(category, Counter())[verdict] += 1
        slugs.setdefault(category, set())
    rows = []
    for category in sorted(slugs):
        tries = mine.get(category, [])
        won = [a for a in tries if a.outcome == "accepted" and a.minutes is not None]
        rows.append(
            CategoryStats(
                category,
                len(slugs[category]),
                len({a.slug for a in won}),
                len(tries),
                _median([a.minutes for a in won if a.minutes is not None]),
                _median([float(a.budget_minutes) for a in won]),
                dict(sorted(mix.get(category, Counter()).items())),
            )
        )
    return rows


def funnel_summary(
    histories: Iterable[tuple[str, Sequence[Transition]]], now: datetime
) -> list[FunnelRow]:
    """The funnel over all sources (the per-source breakdown lives in `prep funnel`)."""
    return [row for row in funnel(histories, now) if row.source is None]


def _dates(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


@dataclass(frozen=True)
class Stats:
    """Every figure of `prep stats`. Problem, study, mock and pipeline figures are left empty
    when a deck is selected: they do not belong to a deck."""

    deck: str | None
    heatmap: list[tuple[date, int]]
    forecast: list[ForecastDay]
    retention: list[Retention]
    states: list[tuple[str, int]]
    retrievability: float | None
    reviewed_cards: int
    decks: list[DeckRetention]
    study: list[StudyDay] = field(default_factory=list)
    mocks: list[MockPoint] = field(default_factory=list)
    problems: list[CategoryStats] = field(default_factory=list)
    funnel: list[FunnelRow] = field(default_factory=list)
