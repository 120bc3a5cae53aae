"""Backup commands: export, import, backup and restore."""

from __future__ import annotations

from pathlib import Path

import click

from prep.cli.context import Context
from prep.core.errors import PrepError


@click.command()
@click.option(
    "--json",
    "json_file",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a complete JSON backup: every table, your deck files and config.",
)
@click.pass_obj
def export(ctx: Context, json_file: Path | None) -> None:
    """Export the whole collection to a file (format in docs/json.md).

    Example: prep export --json prep-backup.json
    """
    from prep.services.backup import write_json_backup

    if json_file is None:
        raise PrepError("say what to write, e.g. prep export --json FILE")
    counts = write_json_backup(ctx.app, json_file)
    click.echo(f"Exported {sum(counts.values())} rows from {len(counts)} tables to {json_file}")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_(ctx: Context, file: Path) -> None:
    """Import a JSON backup (from prep export --json) into an empty collection.

    Example: prep --home ~/prep-restored import prep-backup.json
    """
    from prep.services.backup import import_backup, read_json_backup

    if file.suffix.lower() != ".json":
        raise PrepError(f"{file}: prep import reads JSON backups (FILE.json)")
    data = read_json_backup(file)
    # No sync first: the collection must still be empty when the backup goes in.
    counts = import_backup(ctx.app, data, source=str(file))
    files = len(data.get("files", {}))
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
