"""Session commands, registered with a decorator that carries name, aliases and help."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prep.repl.session import Shell

# A handler gets the shell and the words after the command name; it returns lines to print.
Handler = Callable[["Shell", list[str]], list[str] | None]


@dataclass(frozen=True)
class SessionCommand:
    name: str
    aliases: tuple[str, ...]
    help: str
    handler: Handler


class Registry:
    """Commands by name and alias; `help` is generated from it."""

    def __init__(self) -> None:
        self._commands: dict[str, SessionCommand] = {}
        self._names: dict[str, str] = {}

    def command(
        self, name: str, aliases: tuple[str, ...] = (), help: str = ""
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.add(SessionCommand(name, aliases, help, handler))
            return handler

        return register

    def add(self, command: SessionCommand) -> None:
        for word in (command.name, *command.aliases):
            if word in self._names:
                raise ValueError(f"session command {word!r} is registered twice")
            self._names[word] = command.name
        self._commands[command.name] = command

    def lookup(self, word: str) -> SessionCommand | None:
        name = self._names.get(word)
        return None if name is None else self._commands[name]

    def names(self) -> tuple[str, ...]:
        """Every name and alias, sorted (what completion offers)."""
        return tuple(sorted(self._names))

    def __iter__(self) -> Iterator[SessionCommand]:
        return iter(sorted(self._commands.values(), key=lambda c: c.name))


def help_lines(registry: Registry) -> list[str]:
    """The session's help: one line per command, aliases in brackets."""
    rows = []
    for c in registry:
        aliases = f" ({', '.join(c.aliases)})" if c.aliases else ""
        rows.append((f"{c.name}{aliases}", c.help))
    width = max((len(left) for left, _ in rows), default=0)
    lines = ["Commands (`COMMAND --help` for its options):"]
    lines += [f"  {left:<{width}}  {text}" for left, text in rows]
    lines.append(
        "Tab completes commands, decks, problems and applications. Ctrl-C cancels, Ctrl-D leaves."
    )
    return lines
