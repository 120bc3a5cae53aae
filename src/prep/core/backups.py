"""Backup file names and rotation: which backups to keep. Pure: times are passed in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from prep.core.days import study_day

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
# prep-20260302T120000Z.db, prep-20260302T120000Z-rev0003.db (before a migration),
# prep-20260302T120000Z-before-restore.db, prep-20260302T120000Z.json (PostgreSQL).
_NAME = re.compile(r"^prep-(\d{8}T\d{6}Z)(-[a-z0-9-]+)?\.(db|json)$")

DAILY = 7
WEEKLY = 4


@dataclass(frozen=True)
class BackupName:
    name: str
    taken_at: datetime  # UTC
    suffix: str  # "" for a plain (rotated) backup

    @property
    def rotated(self) -> bool:
        """Plain backups are rotated; tagged ones (before a migration or restore) are kept."""
        return self.suffix == ""


def backup_name(taken_at: datetime, ext: str, tag: str = "") -> str:
    """The file name for a backup taken at `taken_at` (UTC); `tag` marks why it was taken."""
    stamp = taken_at.astimezone(UTC).strftime(STAMP_FORMAT)
    return f"prep-{stamp}{'-' + tag if tag else ''}.{ext}"


def parse_backup_name(name: str) -> BackupName | None:
    """The backup a file name stands for, or None when it is not one of prep's backups."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match.group(1), STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return BackupName(name, taken, (match.group(2) or "").lstrip("-"))


def newest(names: Iterable[str], plain_only: bool = False) -> BackupName | None:
    """The most recent backup among the names (ignoring files that are not backups, and with
    `plain_only` tagged ones)."""
    parsed = [
        b
        for b in (parse_backup_name(n) for n in names)
        if b is not None and (b.rotated or not plain_only)
    ]
    return max(parsed, key=lambda b: (b.taken_at, b.name), default=None)


def backed_up_on(names: Iterable[str], now: datetime, tz: tzinfo, rollover_hour: int) -> bool:
    """Whether the day's backup was already taken during the study day that holds `now`.

    Only plain backups count: a copy kept before a migration or a restore holds an older
    state, and a daily copy found damaged is set aside under a tag, so the next run tries
    again."""
    latest = newest(names, plain_only=True)
    if latest is None:
        return False
    today = study_day(now, tz, rollover_hour)
    return study_day(latest.taken_at, tz, rollover_hour) == today


def backups_to_keep(
    times: Iterable[datetime], daily: int = DAILY, weekly: int = WEEKLY
) -> set[datetime]:
    """Keep the newest backup of each of the `daily` most recent days that have one, and the
    newest of each of the `weekly` most recent ISO weeks that have one (days in UTC)."""
    by_day: dict[date, datetime] = {}
    by_week: dict[tuple[int, int], datetime] = {}
    for t in times:
        day = t.astimezone(UTC).date()
        week = day.isocalendar()[:2]
        if day not in by_day or t > by_day[day]:
            by_day[day] = t
        if week not in by_week or t > by_week[week]:
            by_week[week] = t
    keep = {by_day[d] for d in sorted(by_day, reverse=True)[:daily]}
    keep |= {by_week[w] for w in sorted(by_week, reverse=True)[:weekly]}
    return keep


def names_to_delete(names: Iterable[str], daily: int = DAILY, weekly: int = WEEKLY) -> list[str]:
    """Plain backups that rotation drops; tagged backups and other files are never listed."""
    plain = [b for b in (parse_backup_name(n) for n in names) if b is not None and b.rotated]
    keep = backups_to_keep((b.taken_at for b in plain), daily, weekly)
    return sorted(b.name for b in plain if b.taken_at not in keep)
