"""Interviews as an RFC 5545 calendar that calendar apps import, each in its own time zone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

from prep.core.pipeline import Application, Event

PRODID = "-//prep//interview pipeline//EN"


def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC  # a zone this machine does not know: the UTC time is still right


def summary(application: Application, event: Event) -> str:
    return f"{application.company}: {event.type.replace('-', ' ')} ({application.role})"


def calendar_ics(events: Iterable[tuple[Application, Event]], now: datetime) -> str:
    """A VCALENDAR with one VEVENT per event and a VTIMEZONE for every zone used."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "prep interviews")
    dates: list[date] = []
    for application, event in events:
        zone = _zone(event.zone)
        start = event.starts_at.astimezone(zone)
        item = VEvent()
        item.add("uid", f"{event.uid}@prep")
        item.add("dtstamp", now.astimezone(UTC))
        item.add("dtstart", start)
        item.add("dtend", start + timedelta(minutes=event.minutes))
        item.add("summary", summary(application, event))
        lines = [f"Stage: {application.stage}", f"prep id: {application.slug}"]
        if event.tags:
            lines.append(f"Focus: {', '.join(event.tags)}")
        if event.notes:
            lines.append(event.notes)
        if application.url:
            lines.append(application.url)
        item.add("description", "\n".join(lines))
        if application.location:
            item.add("location", application.location)
        if event.tags:
            item.add("categories", list(event.tags))
        cal.add_component(item)
        dates.append(start.date())
    if dates:
        cal.add_missing_timezones(
            first_date=min(dates) - timedelta(days=366), last_date=max(dates) + timedelta(days=366)
        )
    return str(cal.to_ical().decode("utf-8"))
