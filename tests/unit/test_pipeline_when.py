"""WHEN parsing against a fixed `now` (Monday 2 March 2026, 12:00 UTC = 13:00 in Paris)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from prep.core.when import WhenError, parse_when

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def at(text: str, tz: object = PARIS, now: datetime = NOW, **kw: object) -> datetime:
    return parse_when(text, now, tz, **kw).at  # type: ignore[arg-type]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected", "date_only"),
    [
        ("now", utc(2026, 3, 2, 12, 0), False),
        ("today 15:00", utc(2026, 3, 2, 14, 0), False),
        ("Today 3pm", utc(2026, 3, 2, 14, 0), False),
        ("tomorrow", utc(2026, 3, 3, 8, 0), True),  # 09:00 Paris by default
        ("tomorrow 9:30am", utc(2026, 3, 3, 8, 30), False),
        ("yesterday noon", utc(2026, 3, 1, 11, 0), False),
        ("fri 10am", utc(2026, 3, 6, 9, 0), False),
        ("Friday", utc(2026, 3, 6, 8, 0), True),
        ("mon 15:00", utc(2026, 3, 2, 14, 0), False),  # today, still ahead
        ("mon 10am", utc(2026, 3, 9, 9, 0), False),  # today but past: next Monday
        ("next mon", utc(2026, 3, 9, 8, 0), True),
        ("last fri 18:00", utc(2026, 2, 27, 17, 0), False),
        ("+3d", utc(2026, 3, 5, 8, 0), True),
        ("+1w 14:00", utc(2026, 3, 9, 13, 0), False),
        ("-2d", utc(2026, 2, 28, 8, 0), True),
        ("+2h", utc(2026, 3, 2, 14, 0), False),
        ("+90m", utc(2026, 3, 2, 13, 30), False),
        ("16:45", utc(2026, 3, 2, 15, 45), False),
        ("2026-03-10", utc(2026, 3, 10, 8, 0), True),
        ("2026-03-10 14:30", utc(2026, 3, 10, 13, 30), False),
        ("2026-03-10 2:30pm", utc(2026, 3, 10, 13, 30), False),
        ("2026-03-10T14:30", utc(2026, 3, 10, 13, 30), False),
        ("2026-03-10T14:30:00Z", utc(2026, 3, 10, 14, 30), False),
        ("2026-03-10T14:30-05:00", utc(2026, 3, 10, 19, 30), False),
        # after the spring change Paris is UTC+2
        ("2026-03-30 10:00", utc(2026, 3, 30, 8, 0), False),
    ],
)
def test_forms_people_type(text: str, expected: datetime, date_only: bool) -> None:
    parsed = parse_when(text, NOW, PARIS)
    assert parsed.at == expected
    assert parsed.date_only is date_only
    assert parsed.at.tzinfo is UTC


def test_default_time_is_local_to_the_zone() -> None:
    assert at("tomorrow", default_time=time(23, 59)) == utc(2026, 3, 3, 22, 59)
    assert at("tomorrow", tz=ZoneInfo("America/New_York")) == utc(2026, 3, 3, 14, 0)


def test_relative_days_follow_the_local_date() -> None:
    # 23:30 UTC on Monday is already Tuesday in Paris: "tomorrow" is Wednesday there.
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert at("tomorrow", now=late) == utc(2026, 3, 4, 8, 0)
    assert at("tomorrow", now=late, tz=UTC) == utc(2026, 3, 3, 9, 0)


@pytest.mark.parametrize(
    "text",
    ["", "soon", "25:00", "13pm", "fri 25:00", "2026-02-30", "3/5/2026", "in a bit", "10", "fri x"],
)
def test_anything_else_is_refused_with_examples(text: str) -> None:
    with pytest.raises(WhenError) as err:
        parse_when(text, NOW, PARIS, label="--due")
    assert str(err.value) == (
        f"--due '{text}' is not a date or time prep understands; write e.g. 2026-03-06, "
        "2026-03-06 14:30, today 15:00, tomorrow, fri 10am, +3d or +2h"
    )
