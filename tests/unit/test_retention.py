"""Simulator inputs from the user's answers, and workload figures, by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from prep.core.fitting import LoggedAnswer
from prep.core.retention import (
    answer_mix,
    retentions_to_show,
    state_rating_costs,
    workload,
)
from prep.core.schedule import LEARNING, NEW, RELEARNING, REVIEW

AT = datetime(2026, 3, 1, 10, tzinfo=UTC)


def card(*answers: tuple[str, int, int | None]) -> list[LoggedAnswer]:
    return [
        LoggedAnswer(i, "review", rating, AT, prior, duration_ms=ms)
        for i, (prior, rating, ms) in enumerate(answers, 1)
    ]


def test_answer_mix_by_hand() -> None:
    # 60 new cards first rated again x12, hard x6, good x30, easy x12 -> 0.2, 0.1, 0.5, 0.2.
    firsts = [1] * 12 + [2] * 6 + [3] * 30 + [4] * 12
    histories = [card((NEW, r, 8000), (LEARNING, 3, 4000)) for r in firsts]
    # Passed reviews: hard x10, good x35, easy x5 -> 0.2, 0.7, 0.1; the 9 failures do not count.
    reviews = [2] * 10 + [3] * 35 + [4] * 5 + [1] * 9
    histories.append(card(*((REVIEW, r, 10_000 + 1000 * (r == 3)) for r in reviews)))
    mix = answer_mix(histories)
    assert mix.first_rating_prob == pytest.approx((0.2, 0.1, 0.5, 0.2))
    assert mix.review_rating_prob == pytest.approx((0.2, 0.7, 0.1))
    assert (mix.first_answers, mix.review_answers) == (60, 50)
    # Medians in seconds: first answers of each rating (row 0) took 8 s and the learning-step
    # Good 4 s — one cell (0, 3) holds 30 x 8 s and 60 x 4 s -> median 4 s. Review Good: 11 s;
    # review Again (9 answers) has too few timings to count.
    assert mix.seconds[(0, 1)] == 8.0 and mix.seconds[(0, 3)] == 4.0
    assert mix.seconds[(1, 3)] == 11.0 and mix.seconds[(1, 2)] == 10.0
    assert (1, 1) not in mix.seconds


def test_answer_mix_without_enough_answers_leaves_the_defaults() -> None:
    mix = answer_mix([card((NEW, 3, None), (RELEARNING, 1, None))])
    assert mix.first_rating_prob is None and mix.review_rating_prob is None
    assert mix.seconds == {}


def test_state_rating_costs_take_the_users_medians_over_the_defaults() -> None:
    defaults = [[20.0, 19.0, 14.0, 11.0], [19.0, 18.0, 12.0, 9.0], [16.0, 15.0, 12.0, 8.0]]
    got = state_rating_costs(defaults, {(1, 3): 7.5, (2, 1): 30.0})
    assert got == [[20.0, 19.0, 14.0, 11.0], [19.0, 18.0, 7.5, 9.0], [30.0, 15.0, 12.0, 8.0]]


def test_workload_averages_per_day() -> None:
    # 4 days: 10 reviews, 8 new, 1200 s -> 2.5 reviews/day, 2 new/day, 5 minutes/day.
    w = workload(0.9, [1, 2, 3, 4], [2, 2, 2, 2], [300.0, 300.0, 300.0, 300.0], [1, 2, 3, 7.5])
    assert (w.reviews_per_day, w.new_per_day, w.minutes_per_day, w.remembered) == (
        2.5,
        2.0,
        5.0,
        7.5,
    )
    with pytest.raises(ValueError):
        workload(0.9, [], [], [], [])


def test_retentions_to_show_include_current_and_suggested_once() -> None:
    assert retentions_to_show(0.9, 0.7) == [0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
    assert retentions_to_show(0.93, 0.8) == [0.75, 0.8, 0.85, 0.9, 0.93, 0.95]
