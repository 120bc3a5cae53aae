"""What every command gets: the App, synced once per process, and output helpers."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from prep.render.text import iso as iso

if TYPE_CHECKING:
    from rich.console import Console

    from prep.app import App
    from prep.services.deck_scan import SyncReport


class Context:
    def __init__(self, home: str | None, db_url: str | None) -> None:
        self._home = home
        self._db_url = db_url
        self._app: App | None = None
        self.synced: SyncReport | None = None

    @property
    def app(self) -> App:
        if self._app is None:
            from prep.app import App

            self._app = App.from_env(self._home, self._db_url)
        return self._app

    def ready(self, quiet: bool = False) -> App:
        """The app with decks synced (once per process); deck problems go to stderr.

        When today's backup exists and no deck file changed, the default SQLite collection is
        checked through the stdlib sqlite3 module and SQLAlchemy is not imported at all."""
        app = self.app
        if self.synced is None:
            from prep.services.deck_scan import settled_sync

            self.synced = settled_sync(app) if app.backed_up_today() else None
            if self.synced is None:
                self.synced = self._sync(app)
            if not quiet:
                for err in self.synced.errors:
                    click.echo(f"warning: {err}", err=True)
        return app

    def _sync(self, app: App) -> SyncReport:
        from prep.core.errors import BackupError
        from prep.services.backup import auto_backup
        from prep.services.sync import sync_decks

        try:
            auto_backup(app)  # first run of the study day only; cheap otherwise
        except (BackupError, OSError) as exc:
            click.echo(f"warning: the daily backup failed: {exc}", err=True)
        report = sync_decks(app)
        for warning in app.journal_warnings:
            click.echo(f"warning: {warning}", err=True)
        return report


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def print_json(data: Any) -> None:
    """Indented JSON; a list of records prints one record per line (readable, greppable, and
    written by json's C encoder, which does not indent: a queue can hold thousands)."""
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        lines = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in data)
        click.echo(f"[\n{lines}\n]")
        return
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
