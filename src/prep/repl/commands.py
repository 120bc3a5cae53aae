"""The session's own commands. Every other word is dispatched to the `prep` CLI command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prep.repl.registry import Registry, help_lines

if TYPE_CHECKING:
    from prep.repl.session import Shell


def cli_help_lines() -> list[str]:
    """One line per CLI command, from its help text."""
    import click

    from prep.cli.main import cli

    ctx = click.Context(cli)
    rows = []
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        if command is not None:
            rows.append((name, command.get_short_help_str(limit=70)))
    width = max((len(n) for n, _ in rows), default=0)
    return [f"  {n:<{width}}  {text}" for n, text in rows]


def session_commands() -> Registry:
    """A fresh registry with the session's commands (no module-level state)."""
    registry = Registry()

    @registry.command("help", aliases=("?",), help="This list; `help COMMAND` for one command.")
    def show_help(shell: Shell, args: list[str]) -> list[str] | None:
        if args:
            own = shell.registry.lookup(args[0])
            if own is not None:
                return [f"{own.name}: {own.help}"]
            shell.dispatch([args[0], "--help"])
            return None
        return [
            *help_lines(shell.registry),
            "Every prep command works here too:",
            *cli_help_lines(),
        ]

    @registry.command("quit", aliases=("exit", "q"), help="Leave the session (or Ctrl-D).")
    def leave(shell: Shell, args: list[str]) -> list[str] | None:
        shell.running = False
        return None

    @registry.command("agenda", aliases=("a",), help="Today's agenda again (same as `today`).")
    def agenda(shell: Shell, args: list[str]) -> list[str] | None:
        shell.dispatch(["today", *args])
        return None

    @registry.command("clear", help="Clear the screen.")
    def clear(shell: Shell, args: list[str]) -> list[str] | None:
        import click

        click.clear()
        return None

    return registry
