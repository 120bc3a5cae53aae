"""`prep optimize`: fit FSRS to your reviews, or suggest a desired retention (--retention)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from prep.cli.context import Context, console, print_json
from prep.services.optimize import Progress


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
    out = console()
    if retention:
        from prep.render.optimize import retention_json, retention_lines, retention_table
        from prep.services.retention import suggest_retention

        advice = suggest_retention(app, deck)
        for warning in advice.warnings:
            click.echo(f"warning: {warning}", err=True)
        if as_json:
            print_json(retention_json(advice))
            return
        out.print(retention_table(advice))
        for line in retention_lines(advice):
            click.echo(line)
        return
    from prep.render.optimize import metrics_table, optimize_json, summary_lines
    from prep.services.optimize import optimize as run_optimize

    with _progress(enabled=not as_json) as progress:
        report = run_optimize(app, deck, dry_run=dry_run, progress=progress)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        print_json(optimize_json(report))
        return
    out.print(metrics_table(report))
    for line in summary_lines(report):
        click.echo(line)


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress | None]:
    """A rich progress bar on stderr, one task per stage the service reports."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console(stderr=True),
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def report(stage: str, done: int, total: int) -> None:
        if not tasks:
            bar.start()  # only once there is work to show: a refusal prints its error alone
        task = tasks.get(stage)
        if task is None:
            task = tasks[stage] = bar.add_task(stage, total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield report
    finally:
        if tasks:
            bar.stop()
