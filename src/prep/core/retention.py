"""Inputs and outputs of the workload simulator behind `prep optimize --retention`.

The simulator (fsrs-rs) plays a year of study with the user's parameters and daily limits. What
it needs from the user's history — how they rate new cards and passed reviews, and how long an
answer takes — is read here from the review logs; a figure without enough answers behind it is
left to the simulator's defaults.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from prep.core.fitting import LoggedAnswer
from prep.core.schedule import LEARNING, NEW, RELEARNING, REVIEW, Grade

MIN_ANSWERS = 50  # for a rating distribution
MIN_TIMINGS = 10  # for the median time of one (state, rating) cell
# The simulator's cost rows: answers given in learning (new cards included), review, relearning.
COST_ROWS = {NEW: 0, LEARNING: 0, REVIEW: 1, RELEARNING: 2}
CANDIDATES = (0.75, 0.80, 0.85, 0.90, 0.95)


@dataclass(frozen=True)
class AnswerMix:
    """The user's own answer habits; None (or a missing cell) means "use the default"."""

    first_rating_prob: tuple[float, ...] | None  # again, hard, good, easy
    review_rating_prob: tuple[float, ...] | None  # hard, good, easy (passed reviews)
    seconds: dict[tuple[int, int], float]  # (cost row, rating 1-4) -> median seconds
    first_answers: int
    review_answers: int


def answer_mix(histories: Iterable[Sequence[LoggedAnswer]]) -> AnswerMix:
    """Rating shares and answer times from each card's live answers (see fitting.live_reviews)."""
    first = [0, 0, 0, 0]
    passed = [0, 0, 0]
    timings: dict[tuple[int, int], list[float]] = {}
    for answers in histories:
        for index, answer in enumerate(answers):
            rating = answer.rating
            if rating is None or not Grade.AGAIN <= rating <= Grade.EASY:
                continue
            if index == 0 and answer.prior_state == NEW:
                first[rating - 1] += 1
            if answer.prior_state == REVIEW and rating > Grade.AGAIN:
                passed[rating - 2] += 1
            row = COST_ROWS.get(answer.prior_state)
            if row is not None and answer.duration_ms is not None and answer.duration_ms > 0:
                timings.setdefault((row, rating), []).append(answer.duration_ms / 1000)
    return AnswerMix(
        _shares(first),
        _shares(passed),
        {
            cell: statistics.median(values)
            for cell, values in timings.items()
            if len(values) >= MIN_TIMINGS
        },
        sum(first),
        sum(passed),
    )


def _shares(counts: list[int]) -> tuple[float, ...] | None:
    total = sum(counts)
    if total < MIN_ANSWERS:
        return None
    return tuple(c / total for c in counts)


def state_rating_costs(
    defaults: Sequence[Sequence[float]], seconds: dict[tuple[int, int], float]
) -> list[list[float]]:
    """The simulator's seconds per (state, rating), the user's medians over the defaults."""
    return [
        [seconds.get((row, rating), float(defaults[row][rating - 1])) for rating in range(1, 5)]
        for row in range(len(defaults))
    ]


@dataclass(frozen=True)
class Workload:
    """A simulated year at one desired retention."""

    retention: float
    reviews_per_day: float  # reviews of cards already learned
    new_per_day: float
    minutes_per_day: float
    remembered: float  # cards expected to be remembered at the end


def workload(
    retention: float,
    review_cnt_per_day: Sequence[int],
    learn_cnt_per_day: Sequence[int],
    cost_per_day: Sequence[float],
    memorized_cnt_per_day: Sequence[float],
) -> Workload:
    days = len(cost_per_day)
    if days == 0:
        raise ValueError("the simulation covered no days")
    return Workload(
        retention,
        sum(review_cnt_per_day) / days,
        sum(learn_cnt_per_day) / days,
        sum(cost_per_day) / days / 60,
        memorized_cnt_per_day[-1] if memorized_cnt_per_day else 0.0,
    )


def retentions_to_show(current: float, suggested: float) -> list[float]:
    """The retentions to simulate side by side: the usual range, the current and suggested one."""
    return sorted({round(r, 2) for r in (*CANDIDATES, current, suggested)})
