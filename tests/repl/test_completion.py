"""The completer is a pure function of the text before the cursor: no terminal needed."""

from __future__ import annotations

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from prep.repl.completer import SessionCompleter
from prep.repl.completion import Vocabulary, complete, split_words
from prep.repl.registry import Registry, help_lines
from prep.repl.toolbar import Status, toolbar_text

VOCAB = Vocabulary(
    commands=("app", "check", "decks", "due", "help", "quit", "review", "solve"),
    subcommands={"app": ("add", "list", "move", "show")},
    options={"review": ("--deck", "--help"), "app move": ("--at", "--force", "--help")},
    decks=("Deep Learning", "Deep Learning::CNN", "Statistics", "Problems::two-pointers"),
    problems=("pair-sum-sorted", "two-sum", "valid-palindrome"),
    applications=("acme", "globex"),
    cards=("stats-p-value", "stats-clt:c1"),
)


def texts(text: str) -> list[str]:
    return [s.text for s in complete(text, VOCAB)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["app", "check", "decks", "due", "help", "quit", "review", "solve"]),
        ("d", ["decks", "due"]),
        ("prep re", ["review"]),
        (
            "review --deck ",
            ['"Deep Learning"', '"Deep Learning::CNN"', "Statistics", "Problems::two-pointers"],
        ),
        ("review --deck st", ["Statistics"]),
        ('review -d "deep learning::', ['"Deep Learning::CNN"']),
        ("due --deck Prob", ["Problems::two-pointers"]),
        ("solve t", ["two-sum"]),
        ("check ", ["pair-sum-sorted", "two-sum", "valid-palindrome"]),
        ("solve two-sum ", []),
        ("app ", ["add", "list", "move", "show"]),
        ("app move g", ["globex"]),
        ("app add a", []),
        ("app move acme --f", ["--force"]),
        ("review --", ["--deck", "--help"]),
        ("grade stats-c", ["stats-clt:c1"]),
        ("help re", ["review"]),
        ("mock --for a", ["acme"]),
        ("unknown ", []),
    ],
)
def test_complete(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_suggestion_replaces_the_word_being_typed() -> None:
    [s] = complete('review -d "deep l', VOCAB)[:1]
    assert (s.text, s.start, s.kind) == ('"Deep Learning"', -len('"deep l'), "deck")


def test_split_words_keeps_quoted_words_whole() -> None:
    assert split_words('review --deck "Deep Learning" ') == (
        ["review", "--deck", "Deep Learning"],
        "",
    )
    assert split_words('review --deck "Deep Le') == (["review", "--deck"], '"Deep Le')


def test_completer_wrapper_on_a_document() -> None:
    completer = SessionCompleter(lambda: VOCAB)
    document = Document("solve two-s and more", cursor_position=len("solve two-s"))
    found = list(completer.get_completions(document, CompleteEvent(completion_requested=True)))
    assert [(c.text, c.start_position) for c in found] == [("two-sum", -5)]
    assert found[0].display_meta_text == "problem"


def test_registry_generates_help_and_refuses_duplicates() -> None:
    registry = Registry()

    @registry.command("quit", aliases=("exit",), help="Leave.")
    def leave(shell: object, args: list[str]) -> None:
        return None

    assert registry.lookup("exit") is registry.lookup("quit")
    assert registry.names() == ("exit", "quit")
    assert help_lines(registry)[1] == "  quit (exit)  Leave."
    with pytest.raises(ValueError, match="registered twice"):
        registry.command("exit")(leave)


def test_toolbar_text() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    status = Status(
        3, 42.4, 120, 12, 2, "two-sum", datetime(2026, 3, 2, 11, 47, 29, tzinfo=UTC), 20
    )
    assert toolbar_text(status, now, now) == (
        " 12:00 · solve two-sum 12:31/20m · streak 3d · 42/120 min · due 12 cards, 2 problems"
    )
    assert (
        toolbar_text(Status(), now, now)
        == " 12:00 · streak 0d · 0/120 min · due 0 cards, 0 problems"
    )
