"""Load what the completer offers: commands and options from click, names from the collection."""

from __future__ import annotations

import click
from sqlalchemy import select

from prep.app import App
from prep.repl.completion import Vocabulary
from prep.store.models import ApplicationRow, CardRow, NoteRow, ProblemRow


def _options(command: click.Command) -> tuple[str, ...]:
    names: list[str] = []
    for param in command.params:
        if isinstance(param, click.Option):
            names += [n for n in param.opts if n.startswith("--")]
    return (*sorted(names), "--help")


def command_shapes(
    group: click.Group,
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Each CLI command's subcommands (for groups) and long options."""
    subcommands: dict[str, tuple[str, ...]] = {}
    options: dict[str, tuple[str, ...]] = {}
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None:
            continue
        options[name] = _options(command)
        if isinstance(command, click.Group):
            subs = command.list_commands(ctx)
            subcommands[name] = tuple(subs)
            for sub in subs:
                child = command.get_command(ctx, sub)
                if child is not None:
                    options[f"{name} {sub}"] = _options(child)
    return subcommands, options


def deck_names(decks: list[str]) -> tuple[str, ...]:
    """Every deck and each of its parents (`A::B::C` gives `A`, `A::B`, `A::B::C`)."""
    names: set[str] = set()
    for deck in decks:
        parts = deck.split("::")
        names.update("::".join(parts[: i + 1]) for i in range(len(parts)))
    return tuple(sorted(names))


def load_vocabulary(app: App, commands: tuple[str, ...], group: click.Group) -> Vocabulary:
    subcommands, options = command_shapes(group)
    with app.uow() as uow:
        s = uow.session
        decks = list(s.scalars(select(NoteRow.deck).where(NoteRow.available).distinct()))
        categories = list(s.scalars(select(ProblemRow.category).distinct()))
        problems = tuple(sorted(s.scalars(select(ProblemRow.slug).where(ProblemRow.available))))
        applications = tuple(sorted(s.scalars(select(ApplicationRow.slug))))
        cards = tuple(sorted(s.scalars(select(CardRow.key).where(CardRow.active))))
    decks += [f"Problems::{c}" for c in categories]
    return Vocabulary(
        commands=commands,
        subcommands=subcommands,
        options=options,
        decks=deck_names(decks),
        problems=problems,
        applications=applications,
        cards=cards,
    )
