"""Pipeline commands: prep app …, prep board, prep offers, prep funnel, prep calendar, prep demo."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from prep.cli.context import Context, console, print_json
from prep.core.errors import PrepError

if TYPE_CHECKING:
    from rich.console import Console


def _console(width: int | None) -> Console:
    if width is None:
        return console()
    if not 40 <= width <= 400:
        raise PrepError(f"--width {width} must be between 40 and 400")
    from rich.console import Console

    return Console(width=width, highlight=False, soft_wrap=False)


@click.group()
def app() -> None:
    """Track job applications: stages, events, contacts, next actions and offers.

    Example: prep app add Acme --role "ML Engineer" && prep app move acme screen
    """


@app.command("add")
@click.argument("company")
@click.option("--role", "-r", required=True, help="The job title, e.g. 'ML Engineer'.")
@click.option("--source", default="", help="Where it came from: referral, linkedin, …")
@click.option("--level", default="", help="e.g. L5, Senior.")
@click.option("--location", default="", help="e.g. Remote, Paris.")
@click.option("--url", default="", help="The job posting.")
@click.option("--stage", "stage_name", default="applied", show_default=True)
@click.option("--at", "at_text", metavar="WHEN", help="When it reached that stage (default: now).")
@click.option("--id", "slug", help="Choose the short id yourself.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the new id.")
@click.pass_obj
def app_add(
    ctx: Context,
    company: str,
    role: str,
    source: str,
    level: str,
    location: str,
    url: str,
    stage_name: str,
    at_text: str | None,
    slug: str | None,
    quiet: bool,
) -> None:
    """Start tracking an application; prints the short id other commands take.

    Example: prep app add Acme --role "ML Engineer" --source referral
    """
    from prep.core.pipeline import parse_stage
    from prep.services.pipeline import add_application, past_time

    stage = parse_stage(stage_name)
    at = past_time(ctx.app, at_text) if at_text else None
    a = add_application(
        ctx.app,
        company,
        role,
        level=level,
        location=location,
        source=source,
        url=url,
        stage=stage,
        at=at,
        slug=slug,
    )
    if quiet:
        click.echo(a.slug)
        return
    click.echo(f"Added {a.slug}: {a.company} — {a.role} ({a.stage}).")


@app.command("list")
@click.option("--stage", "stage_name", help="Only applications in this stage.")
@click.option("--active", is_flag=True, help="Only applications still in progress.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def app_list(ctx: Context, stage_name: str | None, active: bool, as_json: bool) -> None:
    """List applications in stage order, with their next event and action.

    Example: prep app list --active
    """
    from prep.core.pipeline import parse_stage
    from prep.render.pipeline import applications_table
    from prep.render.pipeline_json import application_json
    from prep.services.pipeline import list_applications

    stage = parse_stage(stage_name) if stage_name else None
    application = ctx.app
    rows = list_applications(application, stage, active)
    now = application.now()
    if as_json:
        print_json([application_json(r.application, r.next_event, now) for r in rows])
        return
    if not rows:
        click.echo("No applications. Add one: prep app add Acme --role 'ML Engineer'")
        return
    pairs = [(r.application, r.next_event) for r in rows]
    out = console()
    out.print(applications_table(pairs, now, application.timezone, out.width))


@app.command("show")
@click.argument("ref", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def app_show(ctx: Context, ref: str, as_json: bool) -> None:
    """Everything about one application: history, events, contacts, offer, notes.

    Example: prep app show acme
    """
    from prep.render.pipeline import application_text
    from prep.render.pipeline_json import (
        application_json,
        contact_json,
        event_json,
        negotiation_json,
        offer_fields,
        transition_json,
    )
    from prep.services.pipeline import application_detail, next_event

    application = ctx.app
    d = application_detail(application, ref)
    now = application.now()
    if as_json:
        print_json(
            application_json(d.application, next_event(d.events, now), now)
            | {
                "history": [transition_json(t) for t in d.history],
                "contacts": [contact_json(c) for c in d.contacts],
                "events": [event_json(e) for e in d.events],
                "offer": offer_fields(d.offer, now, application.timezone) if d.offer else None,
                "negotiation": [negotiation_json(e) for e in d.negotiation],
            }
        )
        return
    contacts = [(c.name, c.email, c.role) for c in d.contacts]
    console().print(
        application_text(
            d.application,
            d.history,
            contacts,
            d.events,
            d.offer,
            d.negotiation,
            now,
            application.timezone,
        )
    )


@app.command("move")
@click.argument("ref", metavar="ID")
@click.argument("stage_name", metavar="STAGE")
@click.option("--force", is_flag=True, help="Allow a move backward or out of a closed stage.")
@click.option("--at", "at_text", metavar="WHEN", help="When it happened (default: now).")
@click.pass_obj
def app_move(ctx: Context, ref: str, stage_name: str, force: bool, at_text: str | None) -> None:
    """Move an application to another stage (forward; --force to go back).

    Stages: wishlist applied recruiter screen technical takehome onsite offer negotiation
    accepted, and rejected withdrawn ghosted.

    Example: prep app move acme onsite --at "yesterday 16:00"
    """
    from prep.core.pipeline import parse_stage
    from prep.services.pipeline import move_application, past_time

    target = parse_stage(stage_name)
    at = past_time(ctx.app, at_text) if at_text else None
    a, move = move_application(ctx.app, ref, target, force, at)
    forced = " (forced)" if move.forced else ""
    click.echo(f"Moved {a.slug}: {move.from_stage} → {move.to_stage}{forced}.")


@app.command("note")
@click.argument("ref", metavar="ID")
@click.argument("text")
@click.pass_obj
def app_note(ctx: Context, ref: str, text: str) -> None:
    """Add a dated note.

    Example: prep app note acme "recruiter: 3 openings on the ranking team"
    """
    from prep.services.pipeline import add_note

    a = add_note(ctx.app, ref, text)
    click.echo(f"Noted on {a.slug}.")


@app.command("next")
@click.argument("ref", metavar="ID")
@click.argument("action", required=False)
@click.option("--due", "due_text", metavar="WHEN", help="When it is due, e.g. fri or +3d.")
@click.option("--done", is_flag=True, help="Clear the next action.")
@click.pass_obj
def app_next(ctx: Context, ref: str, action: str | None, due_text: str | None, done: bool) -> None:
    """Set the next thing to do for an application, with a due date.

    Example: prep app next acme "send availability" --due tomorrow
    """
    from prep.render.pipeline import due_text as show_due
    from prep.services.pipeline import due_time, set_next_action

    if done == (action is not None):
        raise PrepError('give an ACTION (prep app next acme "send availability") or --done')
    application = ctx.app
    due = due_time(application, due_text) if due_text else None
    a = set_next_action(application, ref, None if done else action, due)
    if done:
        click.echo(f"Cleared the next action of {a.slug}.")
        return
    when = ""
    if a.next_action_due:
        when = f", due {show_due(a.next_action_due, application.now(), application.timezone)}"
    click.echo(f"Next for {a.slug}: {a.next_action}{when}.")


@app.command("event")
@click.argument("ref", metavar="ID")
@click.argument("event_type", metavar="TYPE")
@click.option("--at", "at_text", required=True, metavar="WHEN", help="Start, e.g. 'fri 10am'.")
@click.option("--minutes", type=int, help="Duration (default by type: 30 to 240).")
@click.option("--tags", default="", help="Focus tags, comma-separated: ml-coding,statistics.")
@click.option("--tz", "zone_name", help="The zone WHEN is in (default: yours).")
@click.option("--notes", default="")
@click.pass_obj
def app_event(
    ctx: Context,
    ref: str,
    event_type: str,
    at_text: str,
    minutes: int | None,
    tags: str,
    zone_name: str | None,
    notes: str,
) -> None:
    """Schedule an interview or call (types: recruiter-call, phone-screen, technical, coding,
    system-design, ml-design, behavioral, hiring-manager, take-home, onsite, offer-call, other).

    Example: prep app event acme technical --at "fri 10am" --tags ml-coding,statistics
    """
    from prep.core.pipeline import Event, default_minutes, parse_event_type, parse_tags
    from prep.core.when import parse_when
    from prep.render.text import when_text
    from prep.services.pipeline import add_event, zone_of

    kind = parse_event_type(event_type)
    application = ctx.ready(quiet=True)
    tz, zone = zone_of(application, zone_name)
    start = parse_when(at_text, application.now(), tz, label="--at").at
    event = Event(kind, start, zone, minutes or default_minutes(kind), parse_tags(tags), notes)
    a, saved, unmatched = add_event(application, ref, event)
    shown = when_text(saved.starts_at, application.now(), tz)
    click.echo(f"Scheduled {saved.type} for {a.slug}: {shown} ({zone}), {saved.minutes} min.")
    for tag in unmatched:
        click.echo(
            f"warning: focus tag '{tag}' matches no card tag, deck or problem category; "
            "check the spelling",
            err=True,
        )


@app.command("contact")
@click.argument("ref", metavar="ID")
@click.argument("name")
@click.option("--email", default="")
@click.option("--role", default="", help="e.g. recruiter, hiring manager.")
@click.pass_obj
def app_contact(ctx: Context, ref: str, name: str, email: str, role: str) -> None:
    """Add a person you deal with at the company.

    Example: prep app contact acme "Dana Lee" --email dana@acme.com --role recruiter
    """
    from prep.services.pipeline import add_contact

    c = add_contact(ctx.app, ref, name, email, role)
    click.echo(f"Added contact {c.name} to {ref.strip().lower()}.")


@app.command("offer")
@click.argument("ref", metavar="ID")
@click.option("--base", required=True, metavar="N", help="Yearly base salary, e.g. 185k.")
@click.option("--bonus", default="0", metavar="PCT", help="Target bonus, percent of base.")
@click.option("--signon", default="0", metavar="N", help="Sign-on bonus.")
@click.option("--equity", default="0", metavar="N", help="Value of the whole equity grant.")
@click.option("--vest", metavar="YEARS", help="Vesting period, e.g. 4y (default 4y).")
@click.option("--vest-schedule", metavar="P,P,…", help="Percent per year, e.g. 5,15,40,40.")
@click.option("--cliff", metavar="DURATION", help="e.g. 1y (default), 6m or 0.")
@click.option("--currency", default="USD", show_default=True)
@click.option("--deadline", "deadline_text", metavar="WHEN", help="When you must answer.")
@click.pass_obj
def app_offer(
    ctx: Context,
    ref: str,
    base: str,
    bonus: str,
    signon: str,
    equity: str,
    vest: str | None,
    vest_schedule: str | None,
    cliff: str | None,
    currency: str,
    deadline_text: str | None,
) -> None:
    """Record an offer (recording again replaces it); the application moves to `offer`.

    Example: prep app offer acme --base 185k --bonus 15 --equity 400k --vest 4y
    --vest-schedule 5,15,40,40 --cliff 1y --deadline "+7d"
    """
    from prep.core.offers import Offer, make_vesting, parse_amount, parse_percent
    from prep.render.pipeline import offer_summary
    from prep.services.pipeline import due_time, record_offer

    code = currency.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise PrepError(f"--currency '{currency}' is not a currency code; use e.g. USD, EUR, GBP")
    years, schedule, cliff_months = make_vesting(vest, vest_schedule, cliff)
    application = ctx.app
    offer = Offer(
        base=parse_amount(base, "--base"),
        bonus_pct=parse_percent(bonus, "--bonus"),
        signon=parse_amount(signon, "--signon"),
        equity=parse_amount(equity, "--equity"),
        vest_years=years,
        schedule=schedule,
        cliff_months=cliff_months,
        currency=code,
        deadline=due_time(application, deadline_text) if deadline_text else None,
    )
    saved, move, replaced = record_offer(application, ref, offer)
    verb = "Replaced the offer" if replaced else "Recorded an offer"
    click.echo(f"{verb} for {ref.strip().lower()}: {offer_summary(saved)}.")
    if move is not None:
        click.echo(f"Moved {ref.strip().lower()}: {move.from_stage} → {move.to_stage}.")


@app.command("negotiate")
@click.argument("ref", metavar="ID")
@click.option(
    "--component",
    required=True,
    type=click.Choice(["base", "bonus", "signon", "equity"]),
    help="What is negotiated (bonus amounts are percent of base).",
)
@click.option("--ask", metavar="N", help="What you asked for.")
@click.option("--counter", metavar="N", help="What they came back with.")
@click.option("--final", metavar="N", help="The agreed figure (updates the offer).")
@click.option("--at", "at_text", metavar="WHEN", help="When (default: now).")
@click.pass_obj
def app_negotiate(
    ctx: Context,
    ref: str,
    component: str,
    ask: str | None,
    counter: str | None,
    final: str | None,
    at_text: str | None,
) -> None:
    """Log one step of a negotiation: an ask, a counter or the final figure.

    Example: prep app negotiate acme --component base --ask 210k
    """
    from prep.core.offers import parse_amount, parse_percent
    from prep.render.pipeline import negotiation_line
    from prep.services.pipeline import negotiate, past_time

    given = [(k, v) for k, v in (("ask", ask), ("counter", counter), ("final", final)) if v]
    if len(given) != 1:
        raise PrepError("give exactly one of --ask N, --counter N or --final N")
    kind, text = given[0]
    parse = parse_percent if component == "bonus" else parse_amount
    amount = parse(text, f"--{kind}")
    application = ctx.app
    at = past_time(application, at_text) if at_text else None
    entry, _, move = negotiate(application, ref, component, kind, amount, at)
    click.echo(f"Logged for {ref.strip().lower()}: {negotiation_line(entry, application.timezone)}")
    if move is not None:
        click.echo(f"Moved {ref.strip().lower()}: {move.from_stage} → {move.to_stage}.")


@app.command("import")
@click.option("--csv", "csv_path", required=True, type=click.Path(path_type=Path), help="File.")
@click.option("--skip-bad", is_flag=True, help="Import the good rows when some are bad.")
@click.pass_obj
def app_import(ctx: Context, csv_path: Path, skip_bad: bool) -> None:
    """Import a spreadsheet of applications (columns matched by header: company, role,
    stage/status, applied/date, stage date, source, level, location, url, notes).

    Example: prep app import --csv ~/Downloads/job-search.csv
    """
    from prep.services.pipeline_io import import_csv

    report = import_csv(ctx.app, csv_path, skip_bad)
    click.echo(
        f"Imported {len(report.added)} application(s)"
        + (f": {', '.join(report.added)}" if report.added else "")
        + "."
    )
    if report.already_present:
        click.echo(f"Already tracked, left alone: {'; '.join(report.already_present)}.")
    for problem in report.skipped:
        click.echo(f"warning: skipped {problem}", err=True)
    if report.ignored_columns:
        click.echo(f"Ignored columns: {', '.join(report.ignored_columns)}.")


@app.command("export")
@click.option("--csv", "as_csv", is_flag=True, help="CSV that `prep app import` reads back.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array, as `prep app list --json`.")
@click.option("--out", type=click.Path(path_type=Path), help="Write to a file (default: stdout).")
@click.pass_obj
def app_export(ctx: Context, as_csv: bool, as_json: bool, out: Path | None) -> None:
    """Export every application.

    Example: prep app export --csv --out applications.csv
    """
    import json

    from prep.interop.pipeline_csv import applications_csv
    from prep.render.pipeline_json import application_json
    from prep.services.pipeline import list_applications
    from prep.services.pipeline_io import export_rows

    if as_csv == as_json:
        raise PrepError("choose one format: --csv or --json")
    application = ctx.app
    if as_csv:
        text = applications_csv(export_rows(application))
    else:
        now = application.now()
        rows = [
            application_json(r.application, r.next_event, now)
            for r in list_applications(application)
        ]
        text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PrepError(f"cannot write {out}: {exc}") from None
    click.echo(f"Wrote {out}.", err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of cards.")
@click.option("--width", type=int, help="Lay out for this many columns (default: terminal).")
@click.pass_obj
def board(ctx: Context, as_json: bool, width: int | None) -> None:
    """Every active application in stage columns: days in stage, next event, overdue
    actions (!) and applications idle for a week or more.

    Example: prep board
    """
    from prep.render.pipeline import board_view
    from prep.render.pipeline_json import board_json
    from prep.services.pipeline import board as load_board

    application = ctx.app
    b = load_board(application)
    if as_json:
        print_json([board_json(c) for c in b.cards])
        return
    out = _console(width)
    out.print(board_view(b.cards, b.closed, application.now(), application.timezone, out.width))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def offers(ctx: Context, as_json: bool) -> None:
    """Offers side by side: first-year and four-year totals by the actual vesting schedule,
    equity per year, deadline countdown and negotiation history.

    Example: prep offers
    """
    from prep.render.pipeline import offers_table
    from prep.render.pipeline_json import offer_json
    from prep.services.pipeline import compare_offers

    application = ctx.app
    views = compare_offers(application)
    now = application.now()
    if as_json:
        tz = application.timezone
        print_json([offer_json(v.application, v.offer, v.negotiation, now, tz) for v in views])
        return
    rows = [(v.application, v.offer, v.negotiation) for v in views]
    console().print(offers_table(rows, now, application.timezone))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def funnel(ctx: Context, as_json: bool) -> None:
    """Conversion and median days per stage, overall and by source.

    Example: prep funnel --json
    """
    from prep.render.pipeline import funnel_view
    from prep.render.pipeline_json import funnel_json
    from prep.services.pipeline import funnel_rows

    rows = funnel_rows(ctx.app)
    if as_json:
        print_json([funnel_json(r) for r in rows])
        return
    console().print(funnel_view(rows))


@click.command()
@click.option(
    "--out", required=True, type=click.Path(path_type=Path), help="The .ics file ('-': stdout)."
)
@click.option("--all", "include_past", is_flag=True, help="Past events too.")
@click.pass_obj
def calendar(ctx: Context, out: Path, include_past: bool) -> None:
    """Write upcoming interviews as an iCalendar file that calendar apps import.

    Example: prep calendar --out interviews.ics
    """
    from prep.services.pipeline_io import write_calendar

    to_stdout = str(out) == "-"
    text, count = write_calendar(ctx.app, None if to_stdout else out, include_past)
    if to_stdout:
        click.echo(text, nl=False)
        return
    which = "" if include_past else " upcoming"
    click.echo(f"Wrote {count}{which} event(s) to {out}.")


@click.command()
@click.option("--home", "demo_home", metavar="DIR", help="A new or empty directory for it.")
@click.option("--seed", default=7, show_default=True, help="Same seed, same demo.")
def demo(demo_home: str | None, seed: int) -> None:
    """Build a demo collection in a separate home, never your own data: 12 applications,
    events, two offers and a few weeks of reviews.

    Example: prep demo && prep --home <the printed dir> board
    """
    from prep.services.demo import build_demo, demo_home_dir

    home = demo_home_dir(demo_home)
    report = build_demo(home, seed)
    click.echo(f"Demo collection in {home}")
    click.echo(
        f"{report.applications} applications, {report.events} events, {report.offers} offers, "
        f"{report.reviews} reviews."
    )
    click.echo("Try:")
    for command in ("board", "offers", "funnel", "app list", "today"):
        click.echo(f"  prep --home {_quote(home)} {command}")


def _quote(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))
