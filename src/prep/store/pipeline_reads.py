"""Applications and events from their column values, and the plain-SQL reads of them.

One mapping serves both connections: `pipeline_repo` passes an ORM row's attributes, the
agenda's `Reader` (prep.store.reads) a result tuple in `*_COLUMNS` order. Nothing here
imports SQLAlchemy, so `prep today` can read the pipeline without it.
"""

from __future__ import annotations

from prep.core.pipeline import Application, Event, Stage
from prep.store.reads import Reader, utc, utc_at

APPLICATION_COLUMNS = (
    "id, slug, company, role, stage, stage_since, created_at, last_activity_at, "
    "level, location, source, url, notes, next_action, next_action_due"
)
EVENT_COLUMNS = "id, uid, type, starts_at, zone, minutes, tags, notes"


def application_from(
    id: int,
    slug: str,
    company: str,
    role: str,
    stage: str,
    stage_since: object,
    created_at: object,
    last_activity_at: object,
    level: str,
    location: str,
    source: str,
    url: str,
    notes: str,
    next_action: str | None,
    next_action_due: object,
) -> Application:
    """An application from its stored values (times as SQLite text or naive-UTC datetimes)."""
    return Application(
        id=id,
        slug=slug,
        company=company,
        role=role,
        stage=Stage(stage),
        stage_since=utc_at(stage_since),
        created_at=utc_at(created_at),
        last_activity_at=utc_at(last_activity_at),
        level=level,
        location=location,
        source=source,
        url=url,
        notes=notes,
        next_action=next_action,
        next_action_due=utc(next_action_due),
    )


def event_from(
    id: int,
    uid: str,
    type: str,
    starts_at: object,
    zone: str,
    minutes: int,
    tags: str,
    notes: str,
) -> Event:
    """An event from its stored values; `tags` is the padded, space-separated column."""
    return Event(
        type=type,
        starts_at=utc_at(starts_at),
        zone=zone,
        minutes=minutes,
        tags=tuple(tags.split()),
        notes=notes,
        uid=uid,
        id=id,
    )


def applications(reader: Reader, *, with_next_action: bool = False) -> list[Application]:
    """Every application (or only those with a next-action due time), by id."""
    where = "WHERE next_action_due IS NOT NULL" if with_next_action else ""
    sql = f"SELECT {APPLICATION_COLUMNS} FROM applications {where} ORDER BY id"
    return [application_from(*row) for row in reader.rows(sql)]


def events(reader: Reader) -> dict[int, list[Event]]:
    """Every event by application id, each list in start order."""
    out: dict[int, list[Event]] = {}
    sql = f"SELECT application_id, {EVENT_COLUMNS} FROM events ORDER BY starts_at, id"
    for application_id, *values in reader.rows(sql):
        out.setdefault(application_id, []).append(event_from(*values))
    return out
