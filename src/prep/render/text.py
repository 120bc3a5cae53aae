"""Pure formatting helpers: intervals, counts and card text as rich renderables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType


def interval(delta: timedelta) -> str:
    """A short human interval: 45s, 10m, 3h, 4d, 2.1mo, 1.3y."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 60:
        return f"{round(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def markdown(text: str) -> RenderableType:
    """Card text as Markdown; fenced code is highlighted by pygments (monochrome under NO_COLOR)."""
    from rich.markdown import Markdown

    return Markdown(text, code_theme="monokai", hyperlinks=False)


def when_text(at: datetime, now: datetime, tz: tzinfo) -> str:
    """`Thu 14:00` within the coming week, `Mar 12 14:00` further away or in the past."""
    local, today = at.astimezone(tz), now.astimezone(tz)
    if timedelta(0) <= local.date() - today.date() < timedelta(days=6):
        day = "today" if local.date() == today.date() else local.strftime("%a")
        return f"{day} {local:%H:%M}"
    return local.strftime("%b %d %H:%M")


def iso(dt: datetime | None) -> str | None:
    """A moment as ISO 8601 UTC with a Z, the way every --json output writes one."""
    return None if dt is None else dt.astimezone(UTC).isoformat().replace("+00:00", "Z")
