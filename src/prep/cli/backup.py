"""Backup commands: export, import, backup and restore."""

from __future__ import annotations

from pathlib import Path

import click

from prep.cli.context import Context, count_of
from prep.core.errors import PrepError


@click.command()
@click.option(
    "--json",
    "json_file",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a complete JSON backup: every table, your deck files and config.",
)
@click.option(
    "--apkg",
    "apkg_file",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write an Anki package with the cards' scheduling, review history and images.",
)
@click.option(
    "--csv",
    "csv_file",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help='Write Anki\'s "Notes in Plain Text" (tab-separated, with deck, tags and guid).',
)
@click.option("--deck", metavar="D", help="With --apkg or --csv: only deck D and its subdecks.")
@click.pass_obj
def export(
    ctx: Context,
    json_file: Path | None,
    apkg_file: Path | None,
    csv_file: Path | None,
    deck: str | None,
) -> None:
    """Export the collection: a JSON backup (docs/json.md) or Anki files (docs/anki.md).

    Examples: prep export --json prep-backup.json;
    prep export --apkg prep.apkg --deck Statistics; prep export --csv prep-notes.txt
    """
    chosen = [
        name for name, f in (("--json", json_file), ("--apkg", apkg_file), ("--csv", csv_file)) if f
    ]
    if len(chosen) != 1:
        given = f"got {' and '.join(chosen)}" if chosen else "got none"
        raise PrepError(
            f"give exactly one of --json FILE, --apkg FILE or --csv FILE ({given}), "
            "e.g. prep export --apkg prep.apkg"
        )
    if json_file is not None:
        from prep.services.json_backup import write_json_backup

        if deck is not None:
            raise PrepError("--deck works with --apkg and --csv; a JSON backup holds everything")
        counts = write_json_backup(ctx.app, json_file)
        click.echo(f"Exported {sum(counts.values())} rows from {len(counts)} tables to {json_file}")
        return
    from prep.services.anki_export import export_apkg, export_text

    app = ctx.ready()
    parts: tuple[tuple[int, str], ...]
    if apkg_file is not None:
        report = export_apkg(app, apkg_file, deck)
        parts = (
            (report.cards, "card"),
            (report.reviews, "review log"),
            (report.media, "media file"),
        )
    else:
        assert csv_file is not None
        report = export_text(app, csv_file, deck)
        parts = ((report.cards, "card"),)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    detail = ", ".join(count_of(n, noun) for n, noun in parts)
    click.echo(f"Exported {count_of(report.notes, 'note')} ({detail}) to {report.path}")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--deck-prefix",
    metavar="P",
    help="Anki files: put the imported decks under deck P (e.g. Anki gives Anki::Spanish).",
)
@click.pass_obj
def import_(ctx: Context, file: Path, deck_prefix: str | None) -> None:
    """Import Anki files (docs/anki.md) or a JSON backup (into an empty collection).

    Anki: .apkg / .colpkg packages (notes, media, review history) and "Notes in Plain
    Text" files (.txt, .csv, .tsv); importing a file again updates what it imported.
    Examples: prep import ~/Downloads/Spanish.apkg --deck-prefix Anki;
    prep --home ~/prep-restored import prep-backup.json
    """
    from prep.services.json_backup import import_backup, read_json_backup

    if file.suffix.lower() != ".json":
        from prep.cli.anki_import import import_anki

        import_anki(ctx, file, deck_prefix)
        return
    if deck_prefix is not None:
        raise PrepError("--deck-prefix works with Anki files; a JSON backup is restored as is")
    data = read_json_backup(file)
    # No sync first: the collection must still be empty when the backup goes in.
    counts = import_backup(ctx.app, data, source=str(file))
    files = len(data.get("files", {})) + len(data.get("media", {}))
    click.echo(
        f"Imported {sum(counts.values())} rows from {len(counts)} tables and {files} files "
        f"into {ctx.app.home}"
    )


@click.command()
@click.pass_obj
def backup(ctx: Context) -> None:
    """Back up the collection now into PREP_HOME/backups (kept: 7 daily + 4 weekly).

    prep also does this on the first run of each study day.
    Example: prep backup
    """
    from prep.services.backup import rotate, take_backup

    path = take_backup(ctx.app)
    dropped = rotate(ctx.app)
    click.echo(f"Backed up to {path}")
    if dropped:
        click.echo(f"Rotation removed {len(dropped)} older backups.")


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def restore(ctx: Context, file: Path | None) -> None:
    """Replace the collection with a backup (default: the newest in PREP_HOME/backups).

    The current state is backed up first, so a restore can itself be undone.
    Example: prep restore ~/prep/backups/prep-20260302T120000Z.db
    """
    from prep.services.backup import restore as restore_backup

    source, safety = restore_backup(ctx.app, file)
    click.echo(f"Backed up the current state to {safety}")
    click.echo(f"Restored {source}")
