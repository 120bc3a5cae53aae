"""Today's agenda as plain text lines and as flat JSON rows (shape in docs/json.md). Pure."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from prep.render.text import iso, when_text

if TYPE_CHECKING:
    from prep.services.agenda import Agenda

Json = dict[str, Any]


def study_line(agenda: Agenda) -> str:
    s = agenda.study
    days = "day" if s.streak_days == 1 else "days"
    return (
        f"Streak: {s.streak_days} {days} (≥ {s.streak_minutes} min a day) · "
        f"studied today: {s.minutes_today:.0f} / {s.goal_minutes} min"
    )


def days_until(at: datetime, now: datetime, tz: tzinfo) -> str:
    days = (at.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days <= 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"


def agenda_lines(agenda: Agenda) -> list[str]:
    """The agenda shown by `prep`, `prep today` and on top of the daily session."""
    now, tz = agenda.now, agenda.tz
    lines = [f"prep — {now.astimezone(tz):%a %d %b %Y %H:%M}", study_line(agenda)]
    if agenda.decks:
        total = {k: sum(getattr(d, k) for d in agenda.decks) for k in ("review", "learning", "new")}
        lines.append(
            f"Today: {total['review']} reviews, {total['learning']} learning, {total['new']} new"
        )
        width = max(len("deck"), *(len(d.deck) for d in agenda.decks))
        lines.append(f"  {'deck':<{width}}  learning  review   new")
        for d in agenda.decks:
            lines.append(f"  {d.deck:<{width}}  {d.learning:>8}  {d.review:>6}  {d.new:>4}")
    else:
        lines.append(
            "No cards due. Add decks with PREP_DECKS or `prep add`, or come back tomorrow."
        )
    if agenda.problems:
        lines.append(f"Problems due: {len(agenda.problems)}")
        for p in agenda.problems[:5]:
            lines.append(f"  {p.slug}  ({p.category}, {p.difficulty}, {p.minutes} min, {p.state})")
        if len(agenda.problems) > 5:
            lines.append(f"  … and {len(agenda.problems) - 5} more (`prep due --deck Problems`)")
    if agenda.interviews:
        lines.append("Interviews in the next 7 days:")
        for application, event in agenda.interviews:
            tags = f"  [{', '.join(event.tags)}]" if event.tags else ""
            lines.append(
                f"  {when_text(event.starts_at, now, tz)}  {application.company} · {event.type} "
                f"({days_until(event.starts_at, now, tz)}){tags}"
            )
    for sentence in agenda.cram_text:
        lines.append(f"Cram: {sentence}")
    if agenda.overdue:
        lines.append("Overdue actions:")
        for o in agenda.overdue:
            late = "1 day" if o.days == 1 else f"{o.days} days"
            lines.append(f"  {o.application.slug}: {o.application.next_action} ({late} late)")
    hints = []
    if agenda.decks:
        hints.append("`review`")
    if agenda.problems:
        hints.append("`solve`")
    if hints:
        lines.append(f"Start with {' then '.join(hints)}.")
    return lines


def agenda_json(agenda: Agenda) -> list[Json]:
    """One flat object per agenda line, told apart by `kind`."""
    s = agenda.study
    rows: list[Json] = [
        {
            "kind": "study",
            "minutes_today": round(s.minutes_today, 1),
            "goal_minutes": s.goal_minutes,
            "streak_days": s.streak_days,
            "streak_minutes": s.streak_minutes,
        }
    ]
    rows += [
        {"kind": "deck", "deck": d.deck, "learning": d.learning, "review": d.review, "new": d.new}
        for d in agenda.decks
    ]
    rows += [
        {
            "kind": "problem",
            "problem_id": p.slug,
            "title": p.title,
            "category": p.category,
            "difficulty": p.difficulty,
            "minutes": p.minutes,
            "state": p.state,
            "due": iso(p.due),
        }
        for p in agenda.problems
    ]
    rows += [
        {
            "kind": "interview",
            "application_id": a.slug,
            "company": a.company,
            "type": e.type,
            "starts_at": iso(e.starts_at),
            "minutes": e.minutes,
            "tags": list(e.tags),
        }
        for a, e in agenda.interviews
    ]
    rows += [
        {
            "kind": "cram",
            "application_id": c.application,
            "company": c.company,
            "type": c.event_type,
            "starts_at": iso(c.starts_at),
            "days_until": c.days_until,
            "focus": list(c.focus),
            "cards_below": c.cards_below,
            "problems_below": c.problems_below,
            "never_studied": c.never_studied,
            "never_solved": c.never_solved,
            "text": text,
        }
        for c, text in zip(agenda.cram, agenda.cram_text, strict=True)
    ]
    rows += [
        {
            "kind": "action",
            "application_id": o.application.slug,
            "company": o.application.company,
            "action": o.application.next_action,
            "due": iso(o.application.next_action_due),
            "overdue_days": o.days,
        }
        for o in agenda.overdue
    ]
    return rows
