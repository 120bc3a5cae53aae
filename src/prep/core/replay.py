"""A card's current state is the replay of its review logs that were not undone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prep.core.schedule import Memory


@dataclass(frozen=True)
class LogEntry:
    id: int
    kind: str  # review | forget | undo
    memory: Memory  # the state that resulted from this entry
    reverts_id: int | None = None


def effective(logs: Sequence[LogEntry]) -> list[LogEntry]:
    """The review/forget entries still in force, oldest first."""
    reverted = {log.reverts_id for log in logs if log.kind == "undo"}
    return [log for log in logs if log.kind != "undo" and log.id not in reverted]


def replay(logs: Sequence[LogEntry]) -> Memory:
    """The card's state after its logs (ordered by id); a card with none is new."""
    live = effective(sorted(logs, key=lambda log: log.id))
    return live[-1].memory if live else Memory()
