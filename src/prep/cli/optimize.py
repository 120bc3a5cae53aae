"""`prep optimize`: fit FSRS to your reviews, or suggest a desired retention (--retention)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import click

from prep.cli.context import Context, console, print_json, progress_bar


@click.command()
@click.option("--deck", "-d", help="Only this deck and its children (saved for them alone).")
@click.option(
    "--retention",
    is_flag=True,
    help="Suggest a desired retention from the workload simulator instead; changes nothing.",
)
@click.option("--dry-run", is_flag=True, help="Fit and compare, but save and reschedule nothing.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object (an array with --retention)."
)
@click.pass_obj
def optimize(ctx: Context, deck: str | None, retention: bool, dry_run: bool, as_json: bool) -> None:
    """Fit FSRS parameters to your own reviews; keep them if they predict better.

    Shows log loss and RMSE (bins) of the current and the fitted parameters. Better ones are
    saved in the collection (for the deck with --deck) and the cards they apply to are
    rescheduled. Needs at least 400 reviews that came a day or more after the card's previous one.

    Example: prep optimize --deck Statistics --dry-run
    """
    app = ctx.ready(quiet=as_json)
    if retention:
        from prep.render.optimize import retention_json, retention_lines, retention_table
        from prep.services.retention import suggest_retention

        advice = suggest_retention(app, deck)
        _show(advice, advice.warnings, as_json, retention_json, retention_table, retention_lines)
        return
    from prep.render.optimize import metrics_table, optimize_json, summary_lines
    from prep.services.optimize import optimize as run_optimize

    with progress_bar(enabled=not as_json) as progress:
        report = run_optimize(app, deck, dry_run=dry_run, progress=progress)
    _show(report, report.warnings, as_json, optimize_json, metrics_table, summary_lines)


def _show(
    result: Any,
    warnings: Iterable[str],
    as_json: bool,
    to_json: Callable[[Any], object],
    table: Callable[[Any], Any],
    lines: Callable[[Any], Iterable[str]],
) -> None:
    """Warnings to stderr, then the result as JSON, or as a table and its sentences."""
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        print_json(to_json(result))
        return
    console().print(table(result))
    for line in lines(result):
        click.echo(line)
