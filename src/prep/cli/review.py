"""Reviewing commands: today, decks, due, review, grade, undo."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from prep.cli.context import Context, console, iso, print_json
from prep.core.errors import PrepError


def parse_at(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise PrepError(
            f"--at '{text}' is not an ISO date-time; write e.g. 2026-11-25T09:30:00Z"
        ) from None
    if dt.tzinfo is None:
        dt = dt.astimezone()  # a naive time is the user's local time
    return dt.astimezone(UTC)


def show_agenda(ctx: Context, as_json: bool) -> None:
    """Print today's agenda: streak, study time, cards, problems, interviews, overdue actions."""
    from prep.render.agenda import agenda_json, agenda_lines
    from prep.services.agenda import build_agenda

    agenda = build_agenda(ctx.ready())
    if as_json:
        print_json(agenda_json(agenda))
        return
    for line in agenda_lines(agenda):
        click.echo(line)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the agenda as a JSON array.")
@click.pass_obj
def today(ctx: Context, as_json: bool) -> None:
    """Today's agenda: streak, study time, cards and problems due, interviews, overdue actions.

    Example: prep today --json
    """
    show_agenda(ctx, as_json)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def decks(ctx: Context, as_json: bool) -> None:
    """Each deck with its total, new, learning and due-today counts.

    Example: prep decks --json
    """
    from prep.services.deck_counts import deck_counts, problem_deck_counts

    rows = deck_counts(ctx.ready()) + problem_deck_counts(ctx.app)
    if as_json:
        print_json(
            [
                {
                    "deck": r.deck,
                    "total": r.total,
                    "new": r.new,
                    "learning": r.learning,
                    "due": r.due,
                }
                for r in rows
            ]
        )
        return
    from rich.table import Table

    table = Table(title="Decks")
    table.add_column("deck", overflow="fold")
    for col in ("total", "new", "learning", "due"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(r.deck, str(r.total), str(r.new), str(r.learning), str(r.due))
    console().print(table)


@click.command()
@click.option("--deck", "-d", help="Only this deck and its children.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def due(ctx: Context, deck: str | None, as_json: bool) -> None:
    """Today's queue, in the order it will be shown, with card ids.

    Example: prep due --deck Statistics
    """
    from prep.services.agenda_reads import due_problems
    from prep.services.today import today_queue

    problems_only = deck is not None and deck.split("::")[0] == "Problems"
    queue = [] if problems_only else today_queue(ctx.ready(), deck)
    rows = [
        {"card_id": i.candidate.key, "note_id": i.candidate.note_id, "deck": i.candidate.deck,
         "kind": i.kind, "state": i.candidate.state, "due": iso(i.candidate.due)}
        for i in queue
    ]  # fmt: skip
    if deck is None or problems_only:
        for p in due_problems(ctx.app):
            if deck is None or f"Problems::{p.category}".startswith(deck):
                deck_name = f"Problems::{p.category}"
                rows.append({"card_id": p.slug, "note_id": p.slug, "deck": deck_name,
                             "kind": "problem", "state": p.state, "due": iso(p.due)})  # fmt: skip
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("Nothing due today.")
        return
    from rich.table import Table

    table = Table(box=None)
    table.add_column("#", justify="right")
    table.add_column("card")
    table.add_column("kind")
    table.add_column("deck", overflow="fold")
    for n, r in enumerate(rows, 1):
        table.add_row(str(n), str(r["card_id"]), str(r["kind"]), str(r["deck"]))
    console().print(table)


@click.command()
@click.argument("card_id")
@click.argument("rating")
@click.option(
    "--at", "at", metavar="ISO-DATETIME", help="When the answer was given (default: now)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def grade(ctx: Context, card_id: str, rating: str, at: str | None, as_json: bool) -> None:
    """Answer one card: again, hard, good or easy (or 1-4).

    Example: prep grade stats-p-value good
    """
    from prep.core.schedule import parse_grade
    from prep.render.text import interval
    from prep.services.review import answer

    g = parse_grade(rating)
    result = answer(ctx.ready(), card_id, g, at=parse_at(at))
    due_at = result.memory.due
    if as_json:
        print_json(
            {
                "card_id": result.key,
                "rating": g.name.lower(),
                "reviewed_at": iso(result.reviewed_at),
                "state": result.memory.state,
                "due": iso(due_at),
                "stability": result.memory.stability,
                "difficulty": result.memory.difficulty,
                "leech": result.leech,
            }
        )
        return
    assert due_at is not None
    wait = interval(due_at - result.reviewed_at)
    click.echo(f"{result.key}: {g.name.lower()} → {result.memory.state}, due in {wait}")
    if result.leech:
        click.echo(
            f"{result.key} lapsed too often: it is now a leech and suspended (`prep leeches`)."
        )


@click.command()
@click.pass_obj
def undo(ctx: Context) -> None:
    """Undo the last answer (it stays in the log, marked as reverted).

    Example: prep undo
    """
    from prep.services.review import undo as undo_answer

    key, memory = undo_answer(ctx.ready(quiet=True))
    click.echo(f"Undid the last answer of {key}; it is {memory.state} again.")


@click.command()
@click.option("--deck", "-d", help="Only this deck and its children.")
@click.option(
    "--for",
    "for_ref",
    metavar="APP",
    help="Cram for APP's next interview: matching cards, lowest recall on its date first.",
)
@click.pass_obj
def review(ctx: Context, deck: str | None, for_ref: str | None) -> None:
    """Review today's cards: reveal, then rate 1-4 (or a/h/g/e).

    Keys: space/enter reveal · u undo · e edit · s suspend · b bury · f flag · q quit.
    Example: prep review --deck "Deep Learning"   ·   prep review --for acme
    """
    from prep.cli.session import ReviewSession

    app = ctx.ready()
    if for_ref is None:
        ReviewSession(app, deck).run()
        return
    from prep.services.cram import cram_queue

    if deck is not None:
        raise PrepError("use either --deck or --for, not both")
    ReviewSession(app, None, lambda: cram_queue(app, for_ref)).run()
