"""WHEN: the dates and times people type (`today 15:00`, `tomorrow`, `fri 10am`, `+3d`).

Everything is resolved against a `now` and a time zone passed in; nothing reads the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from prep.core.errors import PrepError

EXAMPLES = "2026-03-06, 2026-03-06 14:30, today 15:00, tomorrow, fri 10am, +3d or +2h"

WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[t ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}(:?\d{2})?)?"
)
_RELATIVE = re.compile(r"([+-])\s*(\d{1,4})\s*(m|min|h|d|w)")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?")
_NAMED_TIMES = {"noon": time(12), "midnight": time(0)}


class WhenError(PrepError):
    """A WHEN the user typed is not one of the forms prep understands."""


@dataclass(frozen=True)
class When:
    """A resolved WHEN: an aware UTC time, and whether the user gave only a day."""

    at: datetime
    date_only: bool


def parse_when(
    text: str,
    now: datetime,
    tz: tzinfo,
    *,
    label: str = "WHEN",
    default_time: time = time(9),
) -> When:
    """Resolve `text` against `now` in `tz`. A day without a time gets `default_time` (local)."""
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise _error(label, text)
    if raw == "now":
        return When(now.astimezone(UTC), False)
    iso = _iso(raw, tz)
    if iso is not None:
        return iso
    rel = _RELATIVE.fullmatch(raw)
    if rel and rel.group(3) in ("m", "min", "h"):
        sign = 1 if rel.group(1) == "+" else -1
        unit = "minutes" if rel.group(3) != "h" else "hours"
        return When(now.astimezone(UTC) + sign * timedelta(**{unit: int(rel.group(2))}), False)
    today = now.astimezone(tz).date()
    day_part, _, time_part = raw.partition(" ")
    if day_part in ("next", "last") and time_part:
        word, _, time_part = time_part.partition(" ")
        day_part = f"{day_part} {word}"
    day = _day(day_part, today)
    if day is not None:
        clock = _clock(time_part) if time_part else None
        if time_part and clock is None:
            raise _error(label, text)
        passed = clock is not None and datetime.combine(day, clock, tzinfo=tz) < now
        if day_part in WEEKDAYS and day == today and passed:
            day += timedelta(days=7)  # "fri 10am" said on a Friday afternoon: next Friday
        return _on(day, clock, tz, default_time)
    clock = _clock(raw)
    if clock is not None:
        return _on(today, clock, tz, default_time)
    raise _error(label, text)


def _error(label: str, text: str) -> WhenError:
    return WhenError(
        f"{label} '{text}' is not a date or time prep understands; write e.g. {EXAMPLES}"
    )


def _on(day: date, clock: time | None, tz: tzinfo, default_time: time) -> When:
    local = datetime.combine(day, clock or default_time, tzinfo=tz)
    return When(local.astimezone(UTC), clock is None)


def _iso(raw: str, tz: tzinfo) -> When | None:
    """An ISO date-time (`2026-03-06T14:30`, with `Z` or an offset, or naive = local)."""
    if not _ISO_TIME.fullmatch(raw):
        return None
    try:
        dt = datetime.fromisoformat(raw.upper().replace(" ", "T", 1))
    except ValueError:
        return None  # e.g. a one-digit hour: the day-and-time path reads it
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return When(dt.astimezone(UTC), False)


def _day(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "yesterday":
        return today - timedelta(days=1)
    if _ISO_DATE.fullmatch(word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            return None
    if word in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS[word] - today.weekday()) % 7)
    direction, _, name = word.partition(" ")
    if direction in ("next", "last") and name in WEEKDAYS:
        ahead = (WEEKDAYS[name] - today.weekday()) % 7 or 7
        if direction == "next":
            return today + timedelta(days=ahead)
        back = (today.weekday() - WEEKDAYS[name]) % 7 or 7
        return today - timedelta(days=back)
    rel = _RELATIVE.fullmatch(word)
    if rel and rel.group(3) in ("d", "w"):
        days = int(rel.group(2)) * (7 if rel.group(3) == "w" else 1)
        return today + timedelta(days=days if rel.group(1) == "+" else -days)
    return None


def _clock(text: str) -> time | None:
    """`15:00`, `9:30`, `3pm`, `10:30am`, `noon`; None when it is not a time of day."""
    text = text.strip()
    if text in _NAMED_TIMES:
        return _NAMED_TIMES[text]
    m = _CLOCK.fullmatch(text)
    if m is None:
        return None
    hour, minute, meridiem = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if meridiem is None and m.group(2) is None:
        return None  # a bare number is not a time
    if minute > 59:
        return None
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif hour > 23:
        return None
    return time(hour, minute)
