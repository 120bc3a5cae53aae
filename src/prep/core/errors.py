"""User-facing errors. Each message says what was wrong, where, and what to do."""

from __future__ import annotations


class PrepError(Exception):
    """An error caused by the user's input or data; shown without a traceback."""


class DeckError(PrepError):
    """A deck file is malformed."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.detail = message
        super().__init__(f"{path}:{line}: {message}")


class ConfigError(PrepError):
    """config.toml holds an invalid value."""


class NotFoundError(PrepError):
    """An id the user typed matches nothing."""


class ConflictError(PrepError):
    """A write lost a race with another process; nothing was changed."""


class DamagedDatabaseError(PrepError):
    """The collection's database file is damaged; the message names the backup to restore."""


class BackupError(PrepError):
    """A backup that cannot be taken, read or restored."""
