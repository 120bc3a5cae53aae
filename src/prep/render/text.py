"""Pure formatting helpers: intervals, counts and card text as rich renderables."""

from __future__ import annotations

from datetime import timedelta
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
