"""The pipeline's JSON shapes (documented in docs/json.md): flat snake_case objects, UTC times."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from prep.core.offers import (
    NegotiationEntry,
    Offer,
    days_left,
    equity_by_year,
    first_year_total,
    four_year_total,
)
from prep.core.pipeline import Application, BoardCard, Contact, Event, FunnelRow, Transition
from prep.render.text import iso

Json = dict[str, Any]


def number(amount: Decimal) -> float | int:
    """Money as a JSON number: an int when whole, else rounded to cents."""
    rounded = amount.quantize(Decimal("0.01"))
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def application_json(a: Application, next_event: Event | None, now: datetime) -> Json:
    return {
        "id": a.slug,
        "company": a.company,
        "role": a.role,
        "level": a.level,
        "location": a.location,
        "source": a.source,
        "url": a.url,
        "stage": a.stage.value,
        "stage_since": iso(a.stage_since),
        "days_in_stage": max(0, (now - a.stage_since) // timedelta(days=1)),
        "active": a.active,
        "next_action": a.next_action,
        "next_action_due": iso(a.next_action_due),
        "next_event_at": iso(next_event.starts_at) if next_event else None,
        "next_event_type": next_event.type if next_event else None,
        "created_at": iso(a.created_at),
        "last_activity_at": iso(a.last_activity_at),
        "notes": a.notes,
    }


def transition_json(t: Transition) -> Json:
    return {
        "from_stage": t.from_stage.value if t.from_stage else None,
        "to_stage": t.to_stage.value,
        "at": iso(t.at),
        "forced": t.forced,
    }


def contact_json(c: Contact) -> Json:
    return {"name": c.name, "email": c.email, "role": c.role}


def event_json(e: Event, application: Application | None = None) -> Json:
    out: Json = {}
    if application is not None:
        out |= {"id": application.slug, "company": application.company}
    return out | {
        "uid": e.uid,
        "type": e.type,
        "starts_at": iso(e.starts_at),
        "ends_at": iso(e.ends_at),
        "zone": e.zone,
        "minutes": e.minutes,
        "tags": list(e.tags),
        "notes": e.notes,
    }


def offer_json(
    a: Application, o: Offer, entries: list[NegotiationEntry], now: datetime, tz: tzinfo
) -> Json:
    return {
        "id": a.slug,
        "company": a.company,
        "role": a.role,
        "stage": a.stage.value,
        **offer_fields(o, now, tz),
        "negotiation_entries": len(entries),
    }


def offer_fields(o: Offer, now: datetime, tz: tzinfo) -> Json:
    return {
        "currency": o.currency,
        "base": number(o.base),
        "bonus_pct": number(o.bonus_pct),
        "bonus": number(o.bonus),
        "signon": number(o.signon),
        "equity": number(o.equity),
        "vest_years": o.vest_years,
        "vest_schedule": ",".join(f"{p.normalize():f}" for p in o.schedule),
        "cliff_months": o.cliff_months,
        "equity_by_year": [number(v) for v in equity_by_year(o)],
        "first_year_total": number(first_year_total(o)),
        "four_year_total": number(four_year_total(o)),
        "deadline": iso(o.deadline),
        "days_left": days_left(o.deadline, now, tz),
    }


def negotiation_json(e: NegotiationEntry) -> Json:
    return {
        "component": e.component,
        "kind": e.kind,
        "amount": number(e.amount),
        "at": iso(e.at),
    }


def board_json(c: BoardCard) -> Json:
    a, e = c.application, c.next_event
    return {
        "id": a.slug,
        "company": a.company,
        "role": a.role,
        "stage": a.stage.value,
        "days_in_stage": c.days_in_stage,
        "next_event_at": iso(e.starts_at) if e else None,
        "next_event_type": e.type if e else None,
        "next_action": a.next_action,
        "next_action_due": iso(a.next_action_due),
        "overdue_days": c.overdue_days,
        "idle_days": c.idle_days,
    }


def funnel_json(r: FunnelRow) -> Json:
    return {
        "source": r.source,
        "stage": r.stage.value,
        "reached": r.reached,
        "advanced": r.advanced,
        "conversion": None if r.conversion is None else round(r.conversion, 4),
        "median_days": r.median_days,
    }
