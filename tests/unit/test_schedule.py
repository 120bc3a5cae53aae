from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from prep.core.config import Config
from prep.core.days import day_bounds, study_day
from prep.core.errors import PrepError
from prep.core.replay import LogEntry, replay
from prep.core.schedule import (
    Grade,
    Memory,
    make_scheduler,
    parse_grade,
    preview,
    retrievability,
    review,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_new_card_good_enters_learning_step() -> None:
    s = make_scheduler(Config())
    m = review(s, Memory(), Grade.GOOD, NOW, 1, None)
    assert m.state == "learning"
    assert m.due == NOW + timedelta(minutes=10)
    assert m.reps == 1 and m.lapses == 0
    assert m.stability == pytest.approx(2.3065)


def test_easy_graduates_and_again_on_review_is_a_lapse() -> None:
    s = make_scheduler(Config())
    m = review(s, Memory(), Grade.EASY, NOW, 1, None)
    assert m.state == "review"
    assert m.due is not None and m.due - NOW == timedelta(days=8)
    lapsed = review(s, m, Grade.AGAIN, NOW + timedelta(days=8), 1, None)
    assert lapsed.state == "relearning" and lapsed.lapses == 1


def test_fuzz_comes_from_injected_rng_only() -> None:
    s = make_scheduler(Config())
    base = Memory(
        state="review",
        stability=30.0,
        difficulty=5.0,
        due=NOW,
        last_review=NOW - timedelta(days=30),
        reps=5,
    )
    a = review(s, base, Grade.GOOD, NOW, 1, random.Random(1))
    b = review(s, base, Grade.GOOD, NOW, 1, random.Random(1))
    plain = review(s, base, Grade.GOOD, NOW, 1, None)
    assert a.due == b.due
    assert plain.due is not None and a.due is not None
    spread = {review(s, base, Grade.GOOD, NOW, 1, random.Random(k)).due for k in range(20)}
    assert len(spread) > 1
    days = (plain.due - NOW).days
    assert all(abs((d - NOW).days - days) <= max(3, days * 0.1) for d in spread if d)


def test_preview_is_monotone_in_grade() -> None:
    s = make_scheduler(Config())
    base = Memory(
        state="review",
        stability=10.0,
        difficulty=5.0,
        due=NOW,
        last_review=NOW - timedelta(days=10),
        reps=3,
    )
    ivl = preview(s, base, NOW, 1)
    assert ivl[Grade.AGAIN] < ivl[Grade.HARD] < ivl[Grade.GOOD] < ivl[Grade.EASY]


def test_retrievability_is_desired_retention_at_stability() -> None:
    s = make_scheduler(Config())
    m = Memory(state="review", stability=10.0, difficulty=5.0, due=NOW, last_review=NOW)
    assert retrievability(s, m, NOW + timedelta(days=10)) == pytest.approx(0.9, abs=1e-6)
    assert retrievability(s, Memory(), NOW) == 0.0


def test_review_requires_aware_time() -> None:
    with pytest.raises(ValueError):
        review(make_scheduler(Config()), Memory(), Grade.GOOD, datetime(2026, 1, 1), 1, None)


@pytest.mark.parametrize(
    ("text", "grade"),
    [("again", Grade.AGAIN), ("2", Grade.HARD), ("G", Grade.GOOD), ("e", Grade.EASY)],
)
def test_parse_grade(text: str, grade: Grade) -> None:
    assert parse_grade(text) is grade


def test_parse_grade_error() -> None:
    with pytest.raises(PrepError, match="unknown rating 'ok'"):
        parse_grade("ok")


def test_replay_ignores_undone_rows() -> None:
    m1, m2 = Memory(state="learning", reps=1), Memory(state="review", reps=2)
    logs = [
        LogEntry(1, "review", m1),
        LogEntry(2, "review", m2),
        LogEntry(3, "undo", m1, reverts_id=2),
    ]
    assert replay(logs) == m1
    assert replay(logs[:2]) == m2
    assert (
        replay([LogEntry(1, "review", m1), LogEntry(2, "undo", Memory(), reverts_id=1)]) == Memory()
    )


def test_day_rolls_over_at_four_local() -> None:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("America/New_York")
    late = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)  # 03:30 in New York
    assert str(study_day(late, tz, 4)) == "2026-03-02"
    start, end = day_bounds(late, tz, 4)
    assert start == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
