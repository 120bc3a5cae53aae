"""The bottom toolbar: clock, running attempt timer, streak and what is due. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Status:
    """What the toolbar shows besides the clock; refreshed after each command."""

    streak_days: int = 0
    minutes_today: float = 0.0
    goal_minutes: int = 120
    cards_due: int = 0
    problems_due: int = 0
    attempt: str | None = None  # the problem whose attempt is open
    attempt_opened_at: datetime | None = None
    attempt_budget_minutes: int = 0


def clock_text(elapsed: timedelta) -> str:
    seconds = max(0, int(elapsed.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return (
        f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
        if hours
        else f"{rest // 60:02d}:{rest % 60:02d}"
    )


def toolbar_text(status: Status, now: datetime, local_now: datetime) -> str:
    """` 14:05 · solve two-sum 12:31/20m · streak 3d · 42/120 min · due 12 cards, 2 problems`."""
    parts = [f" {local_now:%H:%M}"]
    if status.attempt is not None and status.attempt_opened_at is not None:
        elapsed = clock_text(now - status.attempt_opened_at)
        parts.append(f"solve {status.attempt} {elapsed}/{status.attempt_budget_minutes}m")
    parts.append(f"streak {status.streak_days}d")
    parts.append(f"{status.minutes_today:.0f}/{status.goal_minutes} min")
    parts.append(f"due {status.cards_due} cards, {status.problems_due} problems")
    return " · ".join(parts)
