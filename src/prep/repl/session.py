"""The daily session loop: agenda on top, then commands until `quit` or Ctrl-D."""

from __future__ import annotations

import difflib
import os
import shlex
from typing import TYPE_CHECKING

import click
from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from prep.cli.context import Context
from prep.core.errors import PrepError
from prep.repl.commands import session_commands
from prep.repl.completer import SessionCompleter
from prep.repl.completion import Vocabulary
from prep.repl.keys import KeyReader, session_bindings
from prep.repl.registry import Registry
from prep.repl.toolbar import Status, toolbar_text

if TYPE_CHECKING:
    from prep.app import App

PROMPT = "prep> "


class Shell:
    """One daily session over a CLI context; `input`/`output` default to the terminal."""

    def __init__(
        self,
        ctx: Context,
        input: Input | None = None,
        output: Output | None = None,
        registry: Registry | None = None,
    ) -> None:
        self.ctx = ctx
        self.registry = registry or session_commands()
        self.running = True
        self.status = Status()
        self._vocabulary: Vocabulary | None = None
        self.read_key = KeyReader(input, output)
        self.prompt_session: PromptSession[str] = PromptSession(
            input=input,
            output=output,
            history=self._history(),
            completer=SessionCompleter(self.vocabulary),
            complete_while_typing=False,
            key_bindings=session_bindings(),
            bottom_toolbar=self.toolbar,
            refresh_interval=1.0,
        )

    @property
    def app(self) -> App:
        return self.ctx.app

    def _history(self) -> History:
        try:
            self.app.home.mkdir(parents=True, exist_ok=True)
        except OSError:
            return InMemoryHistory()
        return FileHistory(str(self.app.home / "history"))

    # --- the loop -------------------------------------------------------------------------

    def run(self) -> None:
        self.execute("today")
        click.echo("Type `help` for commands, Tab to complete; Ctrl-D or `quit` leaves.")
        while self.running:
            try:
                line = self.prompt_session.prompt(PROMPT)
            except KeyboardInterrupt:
                continue  # Ctrl-C at the prompt clears the line
            except EOFError:
                break
            self.execute(line)
        click.echo("Bye. Every answer is saved.")

    def execute(self, line: str) -> None:
        """Run one line; a user error prints `Error: …` and the session goes on."""
        try:
            words = shlex.split(line)
        except ValueError as exc:
            click.echo(f"Error: {exc}; close the quote and try again")
            return
        if words and words[0] == "prep":
            words = words[1:]
        if not words:
            return
        self.record_activity()
        try:
            command = self.registry.lookup(words[0])
            if command is not None:
                for out in command.handler(self, words[1:]) or []:
                    click.echo(out)
            else:
                self.dispatch(words)
        except PrepError as exc:
            click.echo(f"Error: {exc}")
        except KeyboardInterrupt:
            click.echo("Cancelled.")
        except Exception as exc:  # last resort: the session outlives a bug in one command
            if os.environ.get("PREP_DEBUG"):
                raise
            click.echo(
                f"Error: internal error: {type(exc).__name__}: {exc} (PREP_DEBUG=1 shows more)"
            )
        finally:
            self.after_command()

    def dispatch(self, words: list[str]) -> None:
        """Run a CLI command in-process, on this session's context, with keys from the session."""
        from prep.cli.main import COMMANDS, cli
        from prep.cli.session import KEY_READER

        option = words[0].split("=", 1)[0]
        if option in ("--home", "--db"):
            click.echo(
                f"Error: {option} picks the collection for a whole session, and this one is "
                f"open; type `quit`, then start `prep {option} …` again"
            )
            return
        if words[0] not in COMMANDS:
            close = difflib.get_close_matches(words[0], [*COMMANDS, *self.registry.names()], 1)
            hint = f"; did you mean `{close[0]}`?" if close else "; type `help` for the list"
            click.echo(f"Error: unknown command '{words[0]}'{hint}")
            return
        token = KEY_READER.set(self.read_key)
        try:
            cli.main(args=words, prog_name="prep", standalone_mode=False, obj=self.ctx)
        except click.ClickException as exc:
            click.echo(f"Error: {exc.format_message()}")
        except click.exceptions.Abort:
            click.echo("Cancelled.")
        finally:
            KEY_READER.reset(token)

    # --- state shown around the prompt ----------------------------------------------------

    def record_activity(self) -> None:
        from prep.services.study import record_activity

        try:
            record_activity(self.app)
        except PrepError:
            pass  # study time is a nicety: never block a command on it

    def after_command(self) -> None:
        self._vocabulary = None  # names may have changed: reload on the next Tab
        self.record_activity()
        self.refresh_status()

    def refresh_status(self) -> None:
        from prep.services.agenda import build_agenda
        from prep.services.study import running_attempt

        try:
            agenda = build_agenda(self.ctx.ready(quiet=True))
            attempt = running_attempt(self.app)
        except PrepError:
            return
        self.status = Status(
            streak_days=agenda.study.streak_days,
            minutes_today=agenda.study.minutes_today,
            goal_minutes=agenda.study.goal_minutes,
            cards_due=agenda.cards_due,
            problems_due=len(agenda.problems),
            attempt=attempt.problem_id if attempt else None,
            attempt_opened_at=attempt.opened_at if attempt else None,
            attempt_budget_minutes=attempt.budget_minutes if attempt else 0,
        )

    def toolbar(self) -> str:
        now = self.app.now()
        return toolbar_text(self.status, now, now.astimezone(self.app.timezone))

    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            from prep.cli.main import cli
            from prep.repl.vocabulary import load_vocabulary

            names = tuple(sorted({*self.registry.names(), *cli.list_commands(click.Context(cli))}))
            try:
                self._vocabulary = load_vocabulary(self.ctx.ready(quiet=True), names, cli)
            except PrepError:
                self._vocabulary = Vocabulary(commands=names)
        return self._vocabulary


def run_session(ctx: Context, input: Input | None = None, output: Output | None = None) -> None:
    """The daily session (bare `prep` in a terminal)."""
    Shell(ctx, input, output).run()
