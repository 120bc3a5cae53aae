"""The daily session driven in-process through prompt-toolkit pipe input."""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.output import DummyOutput
from sqlalchemy import func, select

from prep.app import App
from prep.cli.context import Context
from prep.store.models import ActivityRow, ReviewLogRow


def test_session_start_review_command_error_quit(drive: Callable[[str], str], app: App) -> None:
    out = drive(
        "review\r"  # start reviewing
        "\r"  # reveal the first card
        "3"  # good
        "q"  # leave the review at the next card
        "decks\r"  # a CLI command under the same name
        "grade no-such-card good\r"  # a user error: printed, the session goes on
        "frobnicate\r"  # not a command at all
        "quit\r"
    )
    assert "Streak: 0 days (≥ 30 min a day) · studied today: 0 / 120 min" in out
    assert "Today: 0 reviews, 0 learning, 4 new" in out
    assert "1 answered; every answer is saved." in out
    assert "Stats::Testing" in out  # the decks table
    assert "Error: " in out and "no-such-card" in out
    assert "Error: unknown command 'frobnicate'" in out
    assert "Bye. Every answer is saved." in out
    with app.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ReviewLogRow)) == 1
        sources = set(uow.session.scalars(select(ActivityRow.source)))
    assert sources == {"repl"}


def test_choosing_another_collection_inside_the_session_says_how(
    drive: Callable[[str], str],
) -> None:
    out = drive("prep --home /elsewhere due\r--db=sqlite:////x.db decks\rquit\r")
    assert "Error: --home picks the collection for a whole session" in out
    assert "Error: --db picks the collection for a whole session" in out
    assert "start `prep --home …` again" in out


def test_help_lists_session_and_cli_commands(drive: Callable[[str], str]) -> None:
    out = drive("help\rhelp quit\rexit\r")
    assert "quit (exit, q)" in out and "help (?)" in out
    assert "Every prep command works here too:" in out
    assert "  decks " in out and "  review " in out
    assert "quit: Leave the session (or Ctrl-D)." in out


def test_ctrl_c_cancels_the_line_and_ctrl_d_leaves(drive: Callable[[str], str]) -> None:
    out = drive("dec\x03undo\r\x04")
    assert "Error: nothing to undo" in out
    assert "Bye." in out


def test_bad_option_and_open_quote_keep_the_session_going(drive: Callable[[str], str]) -> None:
    out = drive('decks --nope\rsearch "p-value\rtoday --json\rquit\r')
    assert "Error: No such option '--nope'" in out
    assert "Error: No closing quotation" in out
    assert '"kind": "study"' in out


def test_history_is_kept_in_prep_home(drive: Callable[[str], str], app: App) -> None:
    drive("decks\rquit\r")
    assert "decks" in (app.home / "history").read_text()


def test_vocabulary_comes_from_the_collection(session_ctx: Context) -> None:
    from prep.repl.completion import complete
    from prep.repl.session import Shell

    shell = Shell(session_ctx, input=None, output=DummyOutput())
    vocab = shell.vocabulary()
    assert {"Stats", "Stats::Testing"} <= set(vocab.decks)
    assert "stats-clt:c2" in vocab.cards and {"review", "quit", "help", "app"} <= set(
        vocab.commands
    )
    assert [s.text for s in complete("review --deck Stats::", vocab)] == ["Stats::Testing"]
    assert [s.text for s in complete("app sh", vocab)] == ["show"]
    assert "--deck" in [s.text for s in complete("due --", vocab)]


def test_ctrl_c_stops_a_review_and_the_session_goes_on(drive: Callable[[str], str]) -> None:
    out = drive("review\r\x03decks\rquit\r")
    assert "0 answered; every answer is saved." in out  # Ctrl-C stopped the review cleanly
    assert "Stats::Testing" in out  # and the next command ran
