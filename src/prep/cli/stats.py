"""`prep stats`: charts and tables of reviews, retention, problems, mocks and the pipeline."""

from __future__ import annotations

import os

import click

from prep.cli.context import Context, console, print_json


@click.command()
@click.option("--deck", "-d", help="Only this deck and its children (card figures only).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one row per figure.")
@click.pass_obj
def stats(ctx: Context, deck: str | None, as_json: bool) -> None:
    """Review heatmap, forecast, study time, mock trend, true retention, problems, funnel.

    Example: prep stats --deck Statistics
    """
    from prep.render.stats import charts, stats_json, tables
    from prep.services.stats import collect_stats

    figures = collect_stats(ctx.ready(), deck)
    if as_json:
        print_json(stats_json(figures))
        return
    out = console()
    color = out.is_terminal and not os.environ.get("NO_COLOR")
    for chart in charts(figures, out.width, color):
        click.echo(chart)
        click.echo()
    for table in tables(figures):
        out.print(table)
