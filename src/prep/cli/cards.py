"""Card commands: suspend, bury, flag, forget, leeches, search, card show, add."""

from __future__ import annotations

import click

from prep.cli.context import Context, console, iso, print_json


@click.command()
@click.argument("card_id")
@click.pass_obj
def suspend(ctx: Context, card_id: str) -> None:
    """Stop showing a card until unsuspended.

    Example: prep suspend stats-clt:c2
    """
    from prep.services.review import set_suspended

    click.echo(f"Suspended {set_suspended(ctx.ready(quiet=True), card_id, True)}.")


@click.command()
@click.argument("card_id")
@click.pass_obj
def unsuspend(ctx: Context, card_id: str) -> None:
    """Show a suspended card (or a leech) again.

    Example: prep unsuspend stats-clt:c2
    """
    from prep.services.review import set_suspended

    click.echo(f"Unsuspended {set_suspended(ctx.ready(quiet=True), card_id, False)}.")


@click.command()
@click.argument("card_id")
@click.pass_obj
def bury(ctx: Context, card_id: str) -> None:
    """Hide a card until tomorrow's rollover.

    Example: prep bury stats-p-value
    """
    from prep.services.review import bury as bury_card

    key, until = bury_card(ctx.ready(quiet=True), card_id)
    click.echo(f"Buried {key} until {iso(until)}.")


@click.command()
@click.argument("card_id")
@click.argument("flag", type=click.IntRange(0, 7), default=1)
@click.pass_obj
def flag(ctx: Context, card_id: str, flag: int) -> None:
    """Flag a card (1-7; 0 clears the flag).

    Example: prep flag stats-p-value 2
    """
    from prep.services.review import set_flag

    key = set_flag(ctx.ready(quiet=True), card_id, flag)
    click.echo(f"Flag of {key} set to {flag}." if flag else f"Flag of {key} cleared.")


@click.command()
@click.argument("card_id")
@click.pass_obj
def forget(ctx: Context, card_id: str) -> None:
    """Reset a card to new (its history is kept).

    Example: prep forget stats-p-value
    """
    from prep.services.review import forget as forget_card

    click.echo(f"{forget_card(ctx.ready(quiet=True), card_id)} is new again.")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def leeches(ctx: Context, as_json: bool) -> None:
    """Cards suspended for lapsing too often.

    Example: prep leeches
    """
    from prep.services.review import leeches as find_leeches

    rows = find_leeches(ctx.ready())
    if as_json:
        print_json(
            [
                {"card_id": r.key, "deck": r.deck, "lapses": r.lapses, "suspended": r.suspended}
                for r in rows
            ]
        )
        return
    if not rows:
        click.echo("No leeches.")
    for r in rows:
        click.echo(f"{r.key}  {r.lapses} lapses  {r.deck}")


@click.command()
@click.argument("query", required=False, default="")
@click.option("--deck", "-d", help="Only this deck and its children.")
@click.option("--tag", "-t", help="Only cards with this tag.")
@click.option(
    "--state", "-s", help="new, learning, review, relearning, due, suspended, leech or flagged."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def search(
    ctx: Context, query: str, deck: str | None, tag: str | None, state: str | None, as_json: bool
) -> None:
    """Browse cards whose id or text contains every word of QUERY.

    Example: prep search "p-value" --deck Statistics --state review
    """
    from prep.services.browse import search_cards

    found = search_cards(ctx.ready(), query, deck, tag, state)
    if as_json:
        print_json(
            [
                {
                    "card_id": f.key,
                    "note_id": f.note_id,
                    "deck": f.deck,
                    "state": f.state,
                    "due": iso(f.due),
                    "question": f.question,
                    "tags": list(f.tags),
                    "suspended": f.suspended,
                    "flag": f.flag,
                }
                for f in found
            ]
        )
        return
    if not found:
        click.echo("No cards match.")
        return
    from rich.table import Table

    table = Table(box=None)
    table.add_column("card", no_wrap=True)
    table.add_column("state")
    table.add_column("question", overflow="ellipsis", no_wrap=True, max_width=60)
    for f in found:
        table.add_row(f.key, "suspended" if f.suspended else f.state, f.question.splitlines()[0])
    console().print(table)


@click.group()
def card() -> None:
    """Look at one card."""


@card.command("show")
@click.argument("card_id")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def card_show(ctx: Context, card_id: str, as_json: bool) -> None:
    """Text, state, stability, difficulty, retrievability, due date and history of a card.

    Example: prep card show stats-clt:c1
    """
    from prep.services.review import card_info
    from prep.store.repo import from_db

    info = card_info(ctx.ready(), card_id)
    m = info.memory
    data = {
        "card_id": info.key,
        "note_id": info.note.id,
        "deck": info.note.deck,
        "type": info.note.type.value,
        "front": info.front,
        "back": info.back,
        "tags": list(info.note.tags),
        "state": m.state,
        "stability": m.stability,
        "difficulty": m.difficulty,
        "retrievability": info.retrievability,
        "due": iso(m.due),
        "last_review": iso(m.last_review),
        "reps": m.reps,
        "lapses": m.lapses,
        "suspended": info.suspended,
        "leech": info.leech,
        "flag": info.flag,
        "buried_until": iso(info.buried_until),
        "file": info.note.path,
        "line": info.note.line,
        "history": [
            {
                "at": iso(from_db(h.reviewed_at)),
                "kind": h.kind,
                "rating": h.rating,
                "state": h.state,
                "stability": h.stability,
                "difficulty": h.difficulty,
                "due": iso(from_db(h.due)),
                "reverts": h.reverts_id,
                "id": h.id,
            }
            for h in info.history
        ],
    }
    if as_json:
        print_json(data)
        return
    from prep.render.text import markdown

    out = console()
    out.rule(f"{info.key} · {info.note.deck}")
    out.print(markdown(info.front))
    out.rule(style="dim")
    out.print(markdown(info.back))
    out.rule(style="dim")
    r = f"{info.retrievability:.0%}" if info.retrievability is not None else "—"
    out.print(
        f"state {m.state} · due {data['due'] or '—'} · stability {m.stability or 0:.2f}d · "
        f"difficulty {m.difficulty or 0:.2f} · recall now {r} · reps {m.reps} · lapses {m.lapses}"
    )
    out.print(
        f"file {info.note.path}:{info.note.line}" + (" · suspended" if info.suspended else "")
    )
    for h in info.history:
        rating = str(h.rating or "")
        out.print(f"  {iso(from_db(h.reviewed_at))}  {h.kind:<7} {rating:<2} → {h.state}")


@click.command()
@click.option("--deck", "-d", required=True, help="Deck to add to, e.g. 'Mine::Statistics'.")
@click.option("--q", "question", help="Question text (prompted when omitted).")
@click.option("--a", "answer_text", help="Answer text (prompted when omitted).")
@click.option(
    "--type", "note_type", type=click.Choice(["basic", "reverse", "behavioral"]), default="basic"
)
@click.option("--tags", default="", help="Comma-separated tags, e.g. 'clt,medium'.")
@click.pass_obj
def add(
    ctx: Context,
    deck: str,
    question: str | None,
    answer_text: str | None,
    note_type: str,
    tags: str,
) -> None:
    """Append a new note to your own deck file (in PREP_HOME/decks).

    Example: prep add --deck Mine::Stats --q "What is a p-value?" --a "..." --tags easy
    """
    from prep.services.authoring import add_note

    question = question or click.prompt("Q")
    answer_text = answer_text or click.prompt("A")
    note_id, path = add_note(
        ctx.app,
        deck,
        question,
        answer_text,
        note_type,
        [t.strip() for t in tags.split(",") if t.strip()],
    )
    click.echo(f"Added {note_id} to {path}.")
