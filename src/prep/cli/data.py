"""Data commands: sync and doctor."""

from __future__ import annotations

import click

from prep.cli.context import Context


@click.command()
@click.pass_obj
def sync(ctx: Context) -> None:
    """Load changed deck files now (prep also does this on start).

    Example: prep sync
    """
    from prep.services.sync import sync_decks

    report = sync_decks(ctx.app)
    ctx.synced = report
    click.echo(
        f"{report.files_seen} files ({report.files_parsed} parsed): "
        f"{report.notes_added} notes added, "
        f"{report.notes_updated} updated, {report.notes_removed} suspended as removed, "
        f"{report.notes_restored} restored, {report.cards_added} cards added."
    )
    for d in report.missing_dirs:
        click.echo(
            f"warning: deck directory {d} is missing; its cards are unavailable until it is back",
            err=True,
        )
    for err in report.errors:
        click.echo(f"warning: {err}", err=True)


@click.command()
@click.pass_obj
def doctor(ctx: Context) -> None:
    """Check paths, database, schema and decks; report problems.

    Example: prep doctor
    """
    from prep import __version__
    from prep.store.migrate import HEAD, current_revision

    app = ctx.app
    click.echo(f"prep {__version__}")
    click.echo(f"home:      {app.home}")
    click.echo(
        f"config:    {app.config_path} ({'present' if app.config_path.exists() else 'defaults'})"
    )
    _ = app.config
    click.echo(f"database:  {app.engine.url.render_as_string(hide_password=True)}")
    click.echo(f"schema:    revision {current_revision(app.engine)} (this prep: {HEAD})")
    click.echo(
        f"timezone:  {app.timezone}; the day rolls over at {app.config.day_starts_at:02d}:00"
    )
    for d in app.deck_dirs():
        status = "ok" if d.is_dir() else "missing"
        click.echo(f"decks:     {d} ({status})")
    ctx.ready(quiet=True)
    report = ctx.synced
    assert report is not None
    click.echo(f"deck files: {report.files_seen}, problems: {len(report.errors)}")
    for err in report.errors:
        click.echo(f"  problem: {err}")
    from prep.services.problem_roots import problem_roots
    from prep.services.problems import sync_problems

    problem_errors = sync_problems(app)
    click.echo(f"problems:  {', '.join(str(r) for r in problem_roots(app)) or 'none found'}")
    for err in problem_errors:
        click.echo(f"  problem: {err}")
    show_sandbox()


def show_sandbox() -> None:
    """Which isolation layers are active here, and what is not contained."""
    from prep.sandbox.layers import detect_layers

    layers = detect_layers()
    click.echo(f"sandbox:   interpreter {layers.python}")
    for name in layers.active():
        click.echo(f"  active:  {name}")
    for gap in layers.not_contained():
        click.echo(f"  NOT contained: {gap}")
    for reason in layers.reasons:
        click.echo(f"  note:    {reason}")
