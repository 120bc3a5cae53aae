"""What to complete, from the text before the cursor. Pure: no prompt_toolkit, no database.

The session's Completer (prep.repl.completer) wraps `complete`; tests call it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DECK_OPTIONS = ("--deck", "-d")
APPLICATION_OPTIONS = ("--for",)
PROBLEM_COMMANDS = frozenset({"solve", "check", "run", "hint", "giveup", "solution"})
CARD_COMMANDS = frozenset({"grade", "suspend", "unsuspend", "bury", "flag", "forget"})
# `app SUB ID …`: the subcommands whose first argument is an application id
APP_ID_SUBCOMMANDS = frozenset(
    {"show", "move", "note", "next", "event", "contact", "offer", "negotiate"}
)


@dataclass(frozen=True)
class Vocabulary:
    """The names the session can complete, loaded from the collection."""

    commands: tuple[str, ...] = ()
    subcommands: dict[str, tuple[str, ...]] = field(default_factory=dict)
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    decks: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    applications: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    text: str  # what replaces the word being typed
    start: int  # where that word starts, relative to the cursor (0 or negative)
    kind: str  # command | deck | problem | application | card | option | subcommand


def split_words(text: str) -> tuple[list[str], str]:
    """Complete words before the cursor, and the word being typed (raw, with an open quote)."""
    words: list[str] = []
    current = ""
    raw = ""
    quote: str | None = None
    for ch in text:
        if quote is not None:
            raw += ch
            if ch == quote:
                quote = None
            else:
                current += ch
        elif ch in "\"'":
            quote = ch
            raw += ch
        elif ch.isspace():
            if raw:
                words.append(current)
            current, raw = "", ""
        else:
            current += ch
            raw += ch
    return words, raw


def _unquote(raw: str) -> str:
    return raw.strip("\"'")


def _quote(value: str) -> str:
    return f'"{value}"' if any(c.isspace() for c in value) else value


def _matching(candidates: tuple[str, ...], raw: str, kind: str) -> list[Suggestion]:
    prefix = _unquote(raw).lower()
    seen: set[str] = set()
    out = []
    for c in candidates:
        if c.lower().startswith(prefix) and c not in seen:
            seen.add(c)
            out.append(Suggestion(_quote(c), -len(raw), kind))
    return out


def complete(text_before_cursor: str, vocab: Vocabulary) -> list[Suggestion]:
    """Suggestions for the word at the cursor: command, option value or argument."""
    words, raw = split_words(text_before_cursor)
    if words and words[0] == "prep":  # `prep review` typed out of habit
        words = words[1:]
    if not words:
        return _matching(vocab.commands, raw, "command")
    command = words[0]
    previous = words[-1]
    if previous in DECK_OPTIONS:
        return _matching(vocab.decks, raw, "deck")
    if previous in APPLICATION_OPTIONS:
        return _matching(vocab.applications, raw, "application")
    if raw.startswith("-"):
        sub = words[1] if command in vocab.subcommands and len(words) > 1 else None
        key = f"{command} {sub}" if sub else command
        return _matching(vocab.options.get(key, ()), raw, "option")
    positional = [w for w in words[1:] if not w.startswith("-")]
    position = len(positional)
    if command == "help" and position == 0:
        return _matching(vocab.commands, raw, "command")
    if command in vocab.subcommands and position == 0:
        return _matching(vocab.subcommands[command], raw, "subcommand")
    if command == "app" and position == 1 and positional[0] in APP_ID_SUBCOMMANDS:
        return _matching(vocab.applications, raw, "application")
    if command == "card" and position == 1:
        return _matching(vocab.cards, raw, "card")
    if command in PROBLEM_COMMANDS and position == 0:
        return _matching(vocab.problems, raw, "problem")
    if command in CARD_COMMANDS and position == 0:
        return _matching(vocab.cards, raw, "card")
    return []
