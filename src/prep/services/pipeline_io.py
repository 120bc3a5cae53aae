"""Pipeline data in and out: spreadsheet import, CSV/JSON export, the .ics calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.errors import PrepError
from prep.core.pipeline import Stage, Transition, applied_at, check_move
from prep.interop.pipeline_csv import (
    ExportRow,
    ImportRow,
    parse_applications_csv,
    read_csv_file,
)
from prep.services.pipeline import commit_or_conflict, new_application_row
from prep.store import pipeline_repo as repo
from prep.store.models import ApplicationRow


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)  # short ids
    already_present: list[str] = field(default_factory=list)  # "Company — Role"
    skipped: list[str] = field(default_factory=list)  # "row N: why"
    ignored_columns: list[str] = field(default_factory=list)


def import_csv(app: App, path: Path, skip_bad: bool = False) -> ImportReport:
    """Import a spreadsheet in one transaction: all of it, or (with `skip_bad`) its good rows.

    A row whose company and role are already tracked is left alone, so importing the same
    file twice adds nothing the second time.
    """
    now = app.now()
    text = read_csv_file(path)
    rows, errors, ignored = parse_applications_csv(text, str(path), now, app.timezone)
    histories = []
    for r in rows:
        try:
            histories.append((r, _history(r, now)))
        except PrepError as exc:
            errors.append((r.line, str(exc)))
    problems = [f"row {line}: {why}" for line, why in sorted(errors)]
    if problems and not skip_bad:
        raise PrepError(
            f"{path}: nothing imported; {len(problems)} row(s) to fix: {'; '.join(problems)} "
            "(or pass --skip-bad to import the other rows)"
        )
    report = ImportReport(skipped=problems, ignored_columns=ignored)
    with app.uow(write=True) as uow:
        s = uow.session
        for r, history in histories:
            if _present(s, r):
                report.already_present.append(f"{r.company} — {r.role or '(no role)'}")
                continue
            # keep an exported id when it is free here; otherwise make a new one
            slug = r.slug if r.slug and r.slug not in repo.taken_slugs(s) else None
            row = new_application_row(
                s,
                company=r.company,
                role=r.role,
                level=r.level,
                location=r.location,
                source=r.source.lower(),
                url=r.url,
                notes=r.notes,
                history=history,
                now=now,
                slug=slug,
                next_action=r.next_action,
                next_action_due=r.next_action_due,
            )
            report.added.append(row.slug)
        commit_or_conflict(uow)
    return report


def _present(s: Session, r: ImportRow) -> bool:
    found = s.scalar(
        select(func.count(ApplicationRow.id)).where(
            func.lower(ApplicationRow.company) == r.company.lower(),
            func.lower(ApplicationRow.role) == r.role.lower(),
        )
    )
    return bool(found)


def _history(r: ImportRow, now: datetime) -> list[Transition]:
    """The stage history a row implies: applied on its applied date, then its stage."""
    if r.stage == Stage.WISHLIST:
        return [Transition(None, Stage.WISHLIST, r.stage_at or r.applied_at or now)]
    applied_at = r.applied_at or r.stage_at or now
    first = Transition(None, Stage.APPLIED, applied_at)
    if r.stage == Stage.APPLIED:
        return [first]
    slug = r.company
    move = check_move(slug, Stage.APPLIED, r.stage, r.stage_at or applied_at, applied_at, False)
    return [first, move]


def export_rows(app: App) -> list[ExportRow]:
    """Every application, in the order `prep app list` shows them, with its applied date."""
    from prep.services.pipeline import list_applications

    with app.uow() as uow:
        histories = repo.all_histories(uow.session)
    out = []
    for listed in list_applications(app):
        a = listed.application
        out.append(ExportRow(a, applied_at(histories.get(a.id, []))))
    return out


def write_calendar(app: App, out: Path | None, include_past: bool = False) -> tuple[str, int]:
    """Upcoming events as an RFC 5545 calendar; written to `out`, or returned when None."""
    from prep.interop.ics import calendar_ics
    from prep.services.pipeline import upcoming_events

    events = upcoming_events(app, include_past)
    text = calendar_ics(events, app.now())
    if out is not None:
        try:
            out.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise PrepError(f"cannot write {out}: {exc}") from None
    return text, len(events)
