"""`prep import FILE.apkg|.colpkg|.txt|.csv`: the Anki half of `prep import` (cli/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from prep.cli.context import Context, count_of, progress_bar

if TYPE_CHECKING:
    from prep.services.anki_import import ImportReport

PHASES = {"notes": "Converting notes", "reviews": "Replaying review history"}
BAR_FROM = 500  # items in a phase before a progress bar is worth drawing


def import_anki(ctx: Context, file: Path, deck_prefix: str | None) -> None:
    from prep.services.anki_import import check_prefix, check_suffix, import_anki_file

    check_suffix(file)
    check_prefix(deck_prefix)
    app = ctx.ready()
    with progress_bar(labels=PHASES, at_least=BAR_FROM) as progress:
        report = import_anki_file(app, file, deck_prefix, progress)
    for line in summary(report, app.home):
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)


def summary(report: ImportReport, home: Path) -> list[str]:
    """The lines printed after an import (a pure function of the report)."""
    lines = [
        f"Imported {report.source.name}: "
        f"{count_of(report.notes_added, 'note')} added, {report.notes_updated} updated, "
        f"{report.notes_unchanged} unchanged; {count_of(report.cards, 'card')} "
        f"({report.cards_added} new); {count_of(report.reviews, 'review log')} added"
        + (f" ({report.reviews_known} imported before)" if report.reviews_known else "")
        + f"; {count_of(report.media, 'media file')}"
        + (f"; {report.suspended} suspended" if report.suspended else "")
        + "."
    ]
    if report.files:
        shown = [_short(p, home) for p in report.files[:3]]
        more = f" and {len(report.files) - 3} more" if len(report.files) > 3 else ""
        lines.append(f"Deck files written: {', '.join(shown)}{more}")
    if report.skipped:
        lines.append("Skipped:")
        for reason, n in sorted(report.skipped.items(), key=lambda item: (-item[1], item[0])):
            example = report.examples.get(reason)
            lines.append(f"  {n} × {reason}" + (f" (e.g. {example})" if example else ""))
    return lines


def _short(path: Path, home: Path) -> str:
    try:
        return str(path.relative_to(home.resolve()))
    except ValueError:
        return str(path)
