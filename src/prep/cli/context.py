"""What every command gets: the App, synced once per process, and output helpers."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from prep.render.text import iso as iso

if TYPE_CHECKING:
    from rich.console import Console

    from prep.app import App
    from prep.services.deck_scan import SyncReport
    from prep.services.progress import Progress


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


@contextmanager
def progress_bar(
    enabled: bool = True, labels: Mapping[str, str] | None = None, at_least: int = 0
) -> Iterator[Progress | None]:
    """A rich progress bar on stderr for a service's `progress(stage, done, total)`, one task
    per stage (shown as `labels[stage]`), drawn only when stderr is a terminal, once a stage
    has `at_least` items. None (no reporting) when not `enabled`."""
    err = console(stderr=True)
    if not enabled or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        console=err, transient=True,
    )  # fmt: skip
    tasks: dict[str, TaskID] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            if total < at_least:
                return
            if not tasks:
                bar.start()  # only once there is work to show: a refusal prints its error alone
            tasks[stage] = bar.add_task((labels or {}).get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    try:
        yield report
    finally:
        if tasks:
            bar.stop()


def count_of(n: int, noun: str) -> str:
    """`1 note`, `3 notes`."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
