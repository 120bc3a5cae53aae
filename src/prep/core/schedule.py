"""FSRS scheduling: a thin wrapper over `fsrs` with prep's own fuzz and no hidden clock."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from fsrs import Card, Rating, Scheduler, State

from prep.core.config import Config
from prep.core.errors import PrepError

NEW, LEARNING, REVIEW, RELEARNING = "new", "learning", "review", "relearning"
STATES = (NEW, LEARNING, REVIEW, RELEARNING)
_TO_FSRS = {LEARNING: State.Learning, REVIEW: State.Review, RELEARNING: State.Relearning}
_FROM_FSRS = {v: k for k, v in _TO_FSRS.items()}
# Same shape as fsrs's fuzz, but drawn from the injected RNG.
_FUZZ = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))


class Grade(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


GRADE_NAMES = {"again": Grade.AGAIN, "hard": Grade.HARD, "good": Grade.GOOD, "easy": Grade.EASY}
GRADE_KEYS = {
    "1": Grade.AGAIN,
    "2": Grade.HARD,
    "3": Grade.GOOD,
    "4": Grade.EASY,
    "a": Grade.AGAIN,
    "h": Grade.HARD,
    "g": Grade.GOOD,
    "e": Grade.EASY,
}


def parse_grade(text: str) -> Grade:
    key = text.strip().lower()
    grade = GRADE_NAMES.get(key) or GRADE_KEYS.get(key)
    if grade is None:
        raise PrepError(f"unknown rating '{text}': use again, hard, good or easy (or 1-4)")
    return grade


@dataclass(frozen=True)
class Memory:
    """A card's scheduling state: the result of replaying its reviews."""

    state: str = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0


def make_scheduler(config: Config, parameters: Sequence[float] | None = None) -> Scheduler:
    """A scheduler for `config`; `parameters`, when given, replace config's (core.parameters)."""
    kwargs: dict[str, object] = {}
    chosen = parameters if parameters is not None else config.parameters
    if chosen is not None:
        kwargs["parameters"] = tuple(chosen)
    try:
        return Scheduler(
            desired_retention=config.desired_retention,
            learning_steps=config.learning_steps,
            relearning_steps=config.relearning_steps,
            maximum_interval=config.maximum_interval,
            enable_fuzzing=False,
            **kwargs,  # type: ignore[arg-type]
        )
    except ValueError as exc:
        if parameters is not None:
            raise PrepError(
                f"the fitted FSRS parameters are invalid: {exc}; run `prep optimize` to refit them"
            ) from None
        raise PrepError(f"config.toml: scheduling.parameters are invalid: {exc}") from None


def review(
    scheduler: Scheduler,
    memory: Memory,
    grade: Grade,
    now: datetime,
    card_id: int,
    rng: random.Random | None,
) -> Memory:
    """The memory after answering `grade` at `now`. Fuzz only when an RNG is given."""
    if now.tzinfo is None:
        raise ValueError("review time must be timezone-aware")
    now = now.astimezone(UTC)
    card = _to_fsrs(memory, card_id, now)
    result, _ = scheduler.review_card(card, Rating(int(grade)), review_datetime=now)
    due: datetime = result.due
    if rng is not None and result.state == State.Review:
        due = now + _fuzzed(due - now, scheduler.maximum_interval, rng)
    lapse = memory.state == REVIEW and grade is Grade.AGAIN
    return Memory(
        state=_FROM_FSRS[result.state],
        step=result.step,
        stability=result.stability,
        difficulty=result.difficulty,
        due=due,
        last_review=now,
        reps=memory.reps + 1,
        lapses=memory.lapses + (1 if lapse else 0),
    )


def preview(
    scheduler: Scheduler, memory: Memory, now: datetime, card_id: int
) -> dict[Grade, timedelta]:
    """The unfuzzed interval each grade would give."""
    return {g: review(scheduler, memory, g, now, card_id, None).due - now for g in Grade}  # type: ignore[operator]


def retrievability(scheduler: Scheduler, memory: Memory, at: datetime) -> float:
    """Predicted probability of recall at `at` (0 for a card never reviewed)."""
    if memory.last_review is None or memory.stability is None:
        return 0.0
    elapsed = max(0.0, (at - memory.last_review).total_seconds() / 86400)
    factor: float = scheduler._FACTOR
    decay: float = scheduler._DECAY
    return float((1 + factor * elapsed / memory.stability) ** decay)


def forget() -> Memory:
    return Memory()


def _to_fsrs(memory: Memory, card_id: int, now: datetime) -> Card:
    if memory.state == NEW:
        return Card(card_id=card_id, state=State.Learning, step=0, due=now)
    return Card(
        card_id=card_id,
        state=_TO_FSRS[memory.state],
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due or now,
        last_review=memory.last_review,
    )


def _fuzzed(interval: timedelta, maximum: int, rng: random.Random) -> timedelta:
    days = interval.days
    if days < 2.5:
        return interval
    delta = 1.0
    for start, end, factor in _FUZZ:
        delta += factor * max(min(float(days), end) - start, 0.0)
    lo, hi = max(2, round(days - delta)), min(round(days + delta), maximum)
    lo = min(lo, hi)
    return timedelta(days=min(round(rng.random() * (hi - lo + 1) + lo), maximum))


def with_due(memory: Memory, due: datetime) -> Memory:
    return replace(memory, due=due)
