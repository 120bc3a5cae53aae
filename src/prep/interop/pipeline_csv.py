"""The application spreadsheet: read one people keep (columns mapped by header), write ours."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from pathlib import Path

from prep.core.errors import PrepError
from prep.core.pipeline import Application, Stage, check_short_id, parse_stage
from prep.core.when import parse_when

# Our field -> the headers people use for it (compared lowercased, `_`/`-` read as spaces).
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "short id"),
    "company": ("company", "company name", "employer", "organization", "organisation"),
    "role": ("role", "title", "job title", "position", "job"),
    "stage": ("stage", "status"),
    "applied": ("applied", "applied at", "applied on", "date applied", "application date", "date"),
    "stage_date": ("stage date", "stage since", "status date", "updated", "last update"),
    "source": ("source", "referral", "channel", "via"),
    "level": ("level", "seniority"),
    "location": ("location", "city"),
    "url": ("url", "link", "job link", "job url", "posting"),
    "notes": ("notes", "note", "comments", "comment"),
    "next_action": ("next action", "next step", "todo", "to do"),
    "next_action_due": ("next action due", "due", "due date"),
}
EXPORT_COLUMNS = (
    "id",
    "company",
    "role",
    "stage",
    "applied",
    "stage_date",
    "source",
    "level",
    "location",
    "url",
    "next_action",
    "next_action_due",
    "notes",
)
END_OF_DAY = time(23, 59)  # an action due on a day is late from the next day on
_SLASH_DATE = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}")


@dataclass(frozen=True)
class ImportRow:
    """One spreadsheet row, checked: `line` is its row number in the file (header = 1)."""

    line: int
    company: str
    role: str
    stage: Stage
    applied_at: datetime | None = None
    stage_at: datetime | None = None
    source: str = ""
    level: str = ""
    location: str = ""
    url: str = ""
    notes: str = ""
    slug: str = ""
    next_action: str = ""
    next_action_due: datetime | None = None


@dataclass(frozen=True)
class ExportRow:
    application: Application
    applied_at: datetime | None


def _header_key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def map_headers(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column index of each field we know, and the headers we ignore."""
    lookup = {_header_key(h): field for field, names in HEADERS.items() for h in names}
    found: dict[str, int] = {}
    ignored = []
    for i, header in enumerate(headers):
        field = lookup.get(_header_key(header))
        if field is None or field in found:
            if header.strip():
                ignored.append(header.strip())
            continue
        found[field] = i
    return found, ignored


def read_csv_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PrepError(f"{path}: no such file; give the path of a .csv file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PrepError(f"cannot read {path}: {exc}; save it as UTF-8 CSV") from None


def parse_applications_csv(
    text: str, source_name: str, now: datetime, tz: tzinfo
) -> tuple[list[ImportRow], list[tuple[int, str]], list[str]]:
    """Rows that are fine, (row number, what is wrong) for each bad row, and ignored headers."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        headers = next(reader)
    except StopIteration:
        raise PrepError(
            f"{source_name} is empty; it needs a header row with a 'company' column"
        ) from None
    except csv.Error as exc:
        raise PrepError(f"{source_name}: not a CSV file ({exc})") from None
    columns, ignored = map_headers(headers)
    if "company" not in columns:
        raise PrepError(
            f"{source_name}: no 'company' column (columns: {', '.join(headers) or 'none'}); "
            "name the company column 'company'"
        )
    rows: list[ImportRow] = []
    errors: list[tuple[int, str]] = []
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            values = {f: cells[i].strip() if i < len(cells) else "" for f, i in columns.items()}
            try:
                rows.append(_row(line, values, now, tz))
            except PrepError as exc:
                errors.append((line, str(exc)))
    except csv.Error as exc:
        raise PrepError(f"{source_name}: row {reader.line_num}: {exc}") from None
    return rows, errors, ignored


def _row(line: int, v: dict[str, str], now: datetime, tz: tzinfo) -> ImportRow:
    company = v.get("company", "")
    if not company:
        raise PrepError("the company is empty")
    stage = Stage.APPLIED
    if v.get("stage"):
        try:
            stage = parse_stage(v["stage"], aliases=True)
        except PrepError:
            raise PrepError(f"unknown stage '{v['stage']}' (use {', '.join(Stage)})") from None
    applied = _date(v.get("applied", ""), "applied date", now, tz)
    stage_at = _date(v.get("stage_date", ""), "stage date", now, tz)
    if applied and stage_at and stage_at < applied:
        raise PrepError(f"stage date {v['stage_date']} is before the applied date {v['applied']}")
    return ImportRow(
        line=line,
        company=company,
        role=v.get("role", ""),
        stage=stage,
        applied_at=applied,
        stage_at=stage_at,
        source=v.get("source", ""),
        level=v.get("level", ""),
        location=v.get("location", ""),
        url=v.get("url", ""),
        notes=v.get("notes", ""),
        slug=check_short_id(v["id"]) if v.get("id") else "",
        next_action=v.get("next_action", ""),
        next_action_due=_due(v.get("next_action_due", ""), now, tz),
    )


def _due(text: str, now: datetime, tz: tzinfo) -> datetime | None:
    if not text:
        return None
    if _SLASH_DATE.fullmatch(text):
        raise PrepError(f"due date '{text}' is ambiguous; write it as YYYY-MM-DD, e.g. 2026-03-05")
    return parse_when(text, now, tz, label="due date", default_time=END_OF_DAY).at


def _date(text: str, label: str, now: datetime, tz: tzinfo) -> datetime | None:
    if not text:
        return None
    if _SLASH_DATE.fullmatch(text):
        raise PrepError(f"{label} '{text}' is ambiguous; write it as YYYY-MM-DD, e.g. 2026-03-05")
    when = parse_when(text, now, tz, label=label, default_time=time(12))
    if when.at > now:
        if when.date_only and when.at.astimezone(tz).date() == now.astimezone(tz).date():
            return now
        raise PrepError(f"{label} '{text}' is in the future")
    return when.at


def applications_csv(rows: Iterable[ExportRow]) -> str:
    """Our export: the columns `prep app import --csv` reads back, times in ISO-8601 UTC."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for r in rows:
        a = r.application
        writer.writerow(
            [
                a.slug,
                a.company,
                a.role,
                a.stage.value,
                _iso(r.applied_at),
                _iso(a.stage_since),
                a.source,
                a.level,
                a.location,
                a.url,
                a.next_action or "",
                _iso(a.next_action_due),
                a.notes,
            ]
        )
    return out.getvalue()


def _iso(dt: datetime | None) -> str:
    return "" if dt is None else dt.astimezone(UTC).isoformat().replace("+00:00", "Z")
