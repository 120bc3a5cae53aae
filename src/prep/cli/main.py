"""The `prep` command. Subcommands load lazily so `prep --version` stays fast."""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

from prep import __version__

COMMANDS = {
    "today": "prep.cli.review:today",
    "decks": "prep.cli.review:decks",
    "due": "prep.cli.review:due",
    "review": "prep.cli.review:review",
    "grade": "prep.cli.review:grade",
    "undo": "prep.cli.review:undo",
    "suspend": "prep.cli.cards:suspend",
    "unsuspend": "prep.cli.cards:unsuspend",
    "bury": "prep.cli.cards:bury",
    "flag": "prep.cli.cards:flag",
    "forget": "prep.cli.cards:forget",
    "leeches": "prep.cli.cards:leeches",
    "search": "prep.cli.cards:search",
    "card": "prep.cli.cards:card",
    "add": "prep.cli.cards:add",
    "story": "prep.cli.stories:story",
    "sync": "prep.cli.data:sync",
    "problems": "prep.cli.problems:problems",
    "solve": "prep.cli.problems:solve",
    "check": "prep.cli.problems:check",
    "run": "prep.cli.problems:run",
    "hint": "prep.cli.problems:hint",
    "giveup": "prep.cli.problems:giveup",
    "solution": "prep.cli.problems:solution",
    "doctor": "prep.cli.data:doctor",
    "app": "prep.cli.pipeline:app",
    "board": "prep.cli.pipeline:board",
    "offers": "prep.cli.pipeline:offers",
    "funnel": "prep.cli.pipeline:funnel",
    "calendar": "prep.cli.pipeline:calendar",
    "demo": "prep.cli.pipeline:demo",
    "mock": "prep.cli.mock:mock",
    "stats": "prep.cli.stats:stats",
    "optimize": "prep.cli.optimize:optimize",
    "export": "prep.cli.backup:export",
    "import": "prep.cli.backup:import_",
    "backup": "prep.cli.backup:backup",
    "restore": "prep.cli.backup:restore",
}


def _damage_message(ctx: click.Context, exc: Exception) -> str | None:
    """SQLite found a damaged page mid-command: say so, and name the backup to restore."""
    from prep.store.health import damaged_message, is_damage

    if not is_damage(exc):
        return None
    app = getattr(ctx.obj, "app", None)
    db_path = getattr(app, "sqlite_path", None)
    if app is None or db_path is None:
        return None
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return str(damaged_message(db_path, first, app.backup_dir))


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a user error prints one `Error: …` line and exits 1."""
        from prep.core.errors import PrepError

        try:
            return super().invoke(ctx)
        except PrepError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except Exception as exc:  # last resort: no traceback for users unless asked
            if os.environ.get("PREP_DEBUG"):
                raise
            damage = _damage_message(ctx, exc)
            if damage is not None:
                click.echo(f"Error: {damage}", err=True)
                ctx.exit(1)
            click.echo(
                f"Error: internal error: {type(exc).__name__}: {exc} "
                "(set PREP_DEBUG=1 for details)",
                err=True,
            )
            ctx.exit(2)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="prep", message="%(prog)s %(version)s")
@click.option(
    "--home", metavar="DIR", help="Data directory (default: PREP_HOME or the platform data dir)."
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="SQLAlchemy database URL (default: PREP_DATABASE_URL or SQLite in the home).",
)
@click.pass_context
def cli(ctx: click.Context, home: str | None, db_url: str | None) -> None:
    """prep: flashcards on FSRS, timed coding problems and your interview pipeline, offline.

    Run `prep` alone for the daily session (today's agenda when not in a terminal).
    Example: prep review --deck Statistics
    """
    from prep.cli.context import Context, interactive

    if not isinstance(ctx.obj, Context):  # the daily session passes its own, kept across commands
        ctx.obj = Context(home=home, db_url=db_url)
    if ctx.invoked_subcommand is None:
        if interactive():
            from prep.repl.session import run_session

            run_session(ctx.obj)
            return
        from prep.cli.review import show_agenda

        show_agenda(ctx.obj, as_json=False)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="prep")
