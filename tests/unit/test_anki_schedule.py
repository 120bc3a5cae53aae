"""prep's FSRS state in Anki's terms: day numbers, card columns and revlog rows."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from prep.core.schedule import Memory
from prep.interop.anki_schedule import (
    AnkiDays,
    LoggedReview,
    Rules,
    card_columns,
    revlog,
)
from prep.interop.anki_schema11 import AnkiReview

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAYS = AnkiDays(UTC, 4, date(2026, 3, 1))
RULES = Rules(learning_steps=2, relearning_steps=1, desired_retention=0.9, decay=0.1542)


def test_days_start_at_the_rollover_hour_in_the_users_zone() -> None:
    paris = ZoneInfo("Europe/Paris")
    days = AnkiDays.covering(paris, 4, [datetime(2026, 3, 5, 2, 0, tzinfo=UTC), T0])
    # 03:00 in Paris on 5 March is still the study day of 4 March.
    assert days.first == date(2026, 3, 2)
    assert days.number(datetime(2026, 3, 5, 2, 59, tzinfo=UTC)) == 2
    assert days.number(datetime(2026, 3, 5, 3, 0, tzinfo=UTC)) == 3
    assert days.crt == int(datetime(2026, 3, 2, 3, 0, tzinfo=UTC).timestamp())
    assert days.minutes_west == -60


def test_new_card_is_due_at_its_position() -> None:
    columns = card_columns(Memory(), 7, DAYS, RULES, T0)
    assert (columns.type, columns.queue, columns.due, columns.ivl, columns.left) == (0, 0, 7, 0, 0)
    assert columns.data == "{}"


def test_review_card_is_due_on_a_day_number_with_its_memory_state() -> None:
    memory = Memory("review", None, 8.2956, 1.0, T0 + timedelta(days=8), T0, 1, 0)
    columns = card_columns(memory, 3, DAYS, RULES, T0)
    assert (columns.type, columns.queue, columns.due, columns.ivl) == (2, 2, 9, 8)
    assert columns.factor == 2500 and columns.left == 0
    assert json.loads(columns.data) == {
        "pos": 3,
        "s": 8.2956,
        "d": 1.0,
        "dr": 0.9,
        "decay": 0.1542,
        "lrt": int(T0.timestamp()),
    }


def test_learning_card_within_the_day_is_due_at_an_epoch_second() -> None:
    memory = Memory("learning", 1, 2.3, 5.1, T0 + timedelta(minutes=10), T0, 1, 0)
    columns = card_columns(memory, 1, DAYS, RULES, T0)
    assert (columns.type, columns.queue, columns.left) == (1, 1, 1)
    assert columns.due == int((T0 + timedelta(minutes=10)).timestamp())


def test_learning_step_past_the_rollover_is_due_on_a_day_number() -> None:
    memory = Memory("learning", 0, 2.3, 5.1, T0 + timedelta(hours=20), T0, 1, 0)
    columns = card_columns(memory, 1, DAYS, RULES, T0)
    assert (columns.type, columns.queue, columns.due, columns.left) == (1, 3, 2, 2)


def test_relearning_card_keeps_the_interval_of_its_stability() -> None:
    memory = Memory("relearning", 0, 3.0, 7.0, T0 + timedelta(minutes=10), T0, 5, 1)
    columns = card_columns(memory, 1, DAYS, RULES, T0)
    # At 90% desired retention, the FSRS interval equals the stability.
    assert (columns.type, columns.queue, columns.ivl, columns.left) == (3, 1, 3, 1)


def test_suspended_and_buried_queues() -> None:
    memory = Memory("review", None, 8.0, 3.0, T0 + timedelta(days=8), T0, 1, 0)
    assert card_columns(memory, 1, DAYS, RULES, T0, suspended=True).queue == -1
    buried = card_columns(memory, 1, DAYS, RULES, T0, buried_until=T0 + timedelta(hours=3))
    assert (buried.type, buried.queue) == (2, -3)
    expired = card_columns(memory, 1, DAYS, RULES, T0, buried_until=T0 - timedelta(hours=1))
    assert expired.queue == 2


def test_revlog_types_intervals_and_resets() -> None:
    at = [T0 + timedelta(minutes=m) for m in (0, 11, 3 * 24 * 60, 4 * 24 * 60)]
    logs = [
        LoggedReview(
            "review", 3, at[0], "new", Memory("learning", 1, 2.3, 5.0, at[1], at[0]), 4000
        ),
        LoggedReview(
            "review", 3, at[1], "learning", Memory("review", None, 3.0, 5.0, at[2], at[1]), None
        ),
        LoggedReview(
            "review",
            1,
            at[2],
            "review",
            Memory("relearning", 0, 1.0, 7.0, at[2] + timedelta(minutes=10), at[2]),
            2500,
        ),
        LoggedReview("forget", None, at[3], "relearning", Memory(), None),
    ]
    ms = [int(t.timestamp() * 1000) for t in at]
    assert revlog(logs, DAYS) == (
        AnkiReview(ms[0], 3, -660, 0, 500, 4000, 0),
        AnkiReview(ms[1], 3, 3, -660, 500, 0, 0),
        AnkiReview(ms[2], 1, -600, 3, 700, 2500, 1),
        AnkiReview(ms[3], 0, 0, -600, 0, 0, 4),
    )


def test_a_reschedule_by_prep_optimize_is_exported_as_a_reschedule_not_an_answer() -> None:
    later = T0 + timedelta(days=3)
    logs = [
        LoggedReview(
            "review",
            3,
            T0,
            "review",
            Memory("review", None, 9.0, 5.0, T0 + timedelta(days=9), T0),
            1200,
        ),
        LoggedReview(
            "reschedule",
            None,
            later,
            "review",
            Memory("review", None, 12.0, 4.8, T0 + timedelta(days=12), T0),
            None,
        ),
    ]
    rows = revlog(logs, DAYS)
    assert [(r.ease, r.type) for r in rows] == [(3, 1), (0, 5)]
    assert rows[1].ivl == 9 and rows[1].last_ivl == 9  # due day 12 from the reschedule on day 3
