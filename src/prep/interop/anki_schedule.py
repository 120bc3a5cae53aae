"""prep's FSRS card state and review log in Anki's terms (card columns and revlog rows). Pure.

Anki counts review due dates in days since the collection's first day (`crt`), where a day
starts at the rollover hour; (re)learning cards are due at an epoch second, or on a day number
when their step crosses a rollover. New cards are due at a position.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from prep.core.days import day_start, study_day
from prep.core.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory
from prep.interop.anki_schema11 import AnkiReview

# Anki's card.type and card.queue values.
TYPE_NEW, TYPE_LEARN, TYPE_REVIEW, TYPE_RELEARN = 0, 1, 2, 3
QUEUE_SUSPENDED, QUEUE_BURIED = -1, -3
QUEUE_NEW, QUEUE_LEARN, QUEUE_REVIEW, QUEUE_DAY_LEARN = 0, 1, 2, 3
# Anki's revlog.type values.
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_MANUAL, REVLOG_RESCHEDULED = 0, 1, 2, 4, 5
INITIAL_EASE = 2500  # Anki's SM-2 ease; FSRS ignores it, but review cards must carry one


@dataclass(frozen=True)
class AnkiDays:
    """Anki's day numbers: study days (prep's rollover hour, prep's time zone) since `first`."""

    tz: tzinfo
    rollover_hour: int
    first: date

    @classmethod
    def covering(cls, tz: tzinfo, rollover_hour: int, moments: Iterable[datetime]) -> AnkiDays:
        """Days starting on the earliest of `moments`, so no due day number is negative."""
        return cls(tz, rollover_hour, study_day(min(moments), tz, rollover_hour))

    def number(self, at: datetime) -> int:
        return (study_day(at, self.tz, self.rollover_hour) - self.first).days

    @property
    def crt(self) -> int:
        """Epoch seconds of the first day's rollover (Anki's `col.crt`)."""
        return int(day_start(self.first, self.tz, self.rollover_hour).timestamp())

    @property
    def minutes_west(self) -> int:
        """The first day's UTC offset the way Anki stores it (`creationOffset`: UTC+2 is -120)."""
        start = day_start(self.first, self.tz, self.rollover_hour).astimezone(self.tz)
        offset = start.utcoffset()
        return -int(offset.total_seconds() // 60) if offset is not None else 0


@dataclass(frozen=True)
class Rules:
    """The scheduling settings a card's Anki columns depend on."""

    learning_steps: int
    relearning_steps: int
    desired_retention: float
    decay: float  # FSRS-6's last parameter; Anki stores it with each memory state


@dataclass(frozen=True)
class CardColumns:
    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    left: int
    data: str


def card_columns(
    memory: Memory,
    position: int,
    days: AnkiDays,
    rules: Rules,
    now: datetime,
    suspended: bool = False,
    buried_until: datetime | None = None,
) -> CardColumns:
    """The Anki card columns for a card in `memory`, as of `now`."""
    if memory.state == NEW or memory.last_review is None:
        kind, queue, due, ivl, factor, left = TYPE_NEW, QUEUE_NEW, position, 0, 0, 0
        data = "{}"
    else:
        due_at = memory.due or now
        if memory.state == REVIEW:
            kind, queue, factor, left = TYPE_REVIEW, QUEUE_REVIEW, INITIAL_EASE, 0
            due = days.number(due_at)
            ivl = max(1, due - days.number(memory.last_review))
        else:
            relearning = memory.state == RELEARNING
            kind = TYPE_RELEARN if relearning else TYPE_LEARN
            steps = rules.relearning_steps if relearning else rules.learning_steps
            left = max(1, steps - (memory.step or 0))
            queue, due = _learning_due(memory.last_review, due_at, days)
            factor = INITIAL_EASE if relearning else 0
            # A relearning card keeps the interval it will return to: the FSRS interval of
            # its (lapsed) stability.
            ivl = _fsrs_interval(memory.stability, rules) if relearning else 0
        data = json.dumps(
            {
                "pos": position,
                "s": round(memory.stability or 0.0, 4),
                "d": round(memory.difficulty or 0.0, 3),
                "dr": rules.desired_retention,
                "decay": round(rules.decay, 4),
                "lrt": int(memory.last_review.timestamp()),
            },
            separators=(",", ":"),
        )
    if suspended:
        queue = QUEUE_SUSPENDED
    elif buried_until is not None and buried_until > now:
        queue = QUEUE_BURIED
    return CardColumns(kind, queue, due, ivl, factor, left, data)


def _learning_due(reviewed: datetime, due: datetime, days: AnkiDays) -> tuple[int, int]:
    """A step that ends on a later study day is due on that day's number, as Anki does."""
    if days.number(due) > days.number(reviewed):
        return QUEUE_DAY_LEARN, days.number(due)
    return QUEUE_LEARN, int(due.timestamp())


def _fsrs_interval(stability: float | None, rules: Rules) -> int:
    if not stability:
        return 1
    decay = -rules.decay
    factor: float = 0.9 ** (1 / decay) - 1
    scale: float = rules.desired_retention ** (1 / decay) - 1
    return max(1, round(stability / factor * scale))


@dataclass(frozen=True)
class LoggedReview:
    """One review-log row still in force (undone rows and undo rows already left out)."""

    kind: str  # review | forget | reschedule
    rating: int | None
    reviewed_at: datetime
    prior_state: str
    result: Memory
    duration_ms: int | None


def revlog(logs: Sequence[LoggedReview], days: AnkiDays) -> tuple[AnkiReview, ...]:
    """Anki revlog rows for one card's reviews, oldest first."""
    out: list[AnkiReview] = []
    last_ivl = 0
    for log in logs:
        at_ms = int(log.reviewed_at.timestamp() * 1000)
        if log.kind == "forget":
            out.append(AnkiReview(at_ms, 0, 0, last_ivl, 0, 0, REVLOG_MANUAL))
            last_ivl = 0
            continue
        ivl = _logged_interval(log, days)
        if log.kind == "reschedule":  # `prep optimize` moved the card: not an answer
            out.append(AnkiReview(at_ms, 0, ivl, last_ivl, 0, 0, REVLOG_RESCHEDULED))
            last_ivl = ivl
            continue
        kind = {REVIEW: REVLOG_REVIEW, RELEARNING: REVLOG_RELEARN}.get(
            log.prior_state, REVLOG_LEARN
        )
        difficulty = log.result.difficulty
        factor = round(difficulty * 100) if difficulty is not None else 0
        time_ms = max(0, log.duration_ms or 0)
        out.append(AnkiReview(at_ms, log.rating or 0, ivl, last_ivl, factor, time_ms, kind))
        last_ivl = ivl
    return tuple(out)


def _logged_interval(log: LoggedReview, days: AnkiDays) -> int:
    """Days until the next review when positive, seconds when negative (Anki's convention)."""
    due = log.result.due
    if due is None:
        return 0
    if log.result.state == REVIEW:
        return max(1, days.number(due) - days.number(log.reviewed_at))
    if log.result.state in (LEARNING, RELEARNING):
        queue, value = _learning_due(log.reviewed_at, due, days)
        if queue == QUEUE_DAY_LEARN:
            return value - days.number(log.reviewed_at)
        return -max(1, int((due - log.reviewed_at).total_seconds()))
    return 0
