"""The user's study day: it rolls over at a configurable local hour, not at midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo


def study_day(now: datetime, tz: tzinfo, rollover_hour: int) -> date:
    """The calendar date of the study day containing `now`."""
    local = now.astimezone(tz)
    return (local - timedelta(hours=rollover_hour)).date()


def day_bounds(now: datetime, tz: tzinfo, rollover_hour: int) -> tuple[datetime, datetime]:
    """UTC start and end of the study day containing `now`."""
    day = study_day(now, tz, rollover_hour)
    return day_start(day, tz, rollover_hour), day_start(day + timedelta(days=1), tz, rollover_hour)


def day_start(day: date, tz: tzinfo, rollover_hour: int) -> datetime:
    return datetime.combine(day, time(rollover_hour), tzinfo=tz).astimezone(UTC)
