"""The pipeline tracker's rules: stages, allowed moves, replay, short ids, board and funnel."""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from prep.core.errors import PrepError

IDLE_DAYS = 7  # an active application with no activity for this long is flagged on the board


class Stage(StrEnum):
    WISHLIST = "wishlist"
    APPLIED = "applied"
    RECRUITER = "recruiter"
    SCREEN = "screen"
    TECHNICAL = "technical"
    TAKEHOME = "takehome"
    ONSITE = "onsite"
    OFFER = "offer"
    NEGOTIATION = "negotiation"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"


FLOW: tuple[Stage, ...] = (
    Stage.WISHLIST,
    Stage.APPLIED,
    Stage.RECRUITER,
    Stage.SCREEN,
    Stage.TECHNICAL,
    Stage.TAKEHOME,
    Stage.ONSITE,
    Stage.OFFER,
    Stage.NEGOTIATION,
    Stage.ACCEPTED,
)
TERMINAL: tuple[Stage, ...] = (Stage.REJECTED, Stage.WITHDRAWN, Stage.GHOSTED)
# Closed applications are off the board: the three terminal stages and `accepted`.
CLOSED: frozenset[Stage] = frozenset((*TERMINAL, Stage.ACCEPTED))
ACTIVE: tuple[Stage, ...] = tuple(s for s in FLOW if s not in CLOSED)

# What people write in a spreadsheet's status column.
STAGE_ALIASES = {
    "interested": Stage.WISHLIST,
    "saved": Stage.WISHLIST,
    "bookmarked": Stage.WISHLIST,
    "to apply": Stage.WISHLIST,
    "recruiter call": Stage.RECRUITER,
    "recruiter screen": Stage.RECRUITER,
    "phone screen": Stage.SCREEN,
    "phone": Stage.SCREEN,
    "technical screen": Stage.TECHNICAL,
    "tech screen": Stage.TECHNICAL,
    "coding": Stage.TECHNICAL,
    "take home": Stage.TAKEHOME,
    "take-home": Stage.TAKEHOME,
    "assignment": Stage.TAKEHOME,
    "on-site": Stage.ONSITE,
    "on site": Stage.ONSITE,
    "final round": Stage.ONSITE,
    "loop": Stage.ONSITE,
    "offered": Stage.OFFER,
    "negotiating": Stage.NEGOTIATION,
    "signed": Stage.ACCEPTED,
    "rejection": Stage.REJECTED,
    "declined by company": Stage.REJECTED,
    "withdrew": Stage.WITHDRAWN,
    "declined": Stage.WITHDRAWN,
    "no response": Stage.GHOSTED,
    "no reply": Stage.GHOSTED,
}

EVENT_TYPES = (
    "recruiter-call",
    "phone-screen",
    "technical",
    "coding",
    "system-design",
    "ml-design",
    "behavioral",
    "hiring-manager",
    "take-home",
    "onsite",
    "offer-call",
    "other",
)
_EVENT_ALIASES = {
    "recruiter": "recruiter-call",
    "screen": "phone-screen",
    "phone": "phone-screen",
    "takehome": "take-home",
    "tech": "technical",
    "design": "system-design",
    "hm": "hiring-manager",
    "offer": "offer-call",
}


_STAGE_NAMES = frozenset(s.value for s in Stage)


DEFAULT_MINUTES = {
    "recruiter-call": 30,
    "phone-screen": 45,
    "offer-call": 30,
    "hiring-manager": 45,
    "onsite": 240,
}


def default_minutes(event_type: str) -> int:
    return DEFAULT_MINUTES.get(event_type, 60)


class InvalidMoveError(PrepError):
    """A stage move the rules do not allow."""


def parse_stage(text: str, *, aliases: bool = False) -> Stage:
    """A stage by name (`screen`); with `aliases`, also spreadsheet words (`Phone Screen`)."""
    key = " ".join(text.strip().lower().replace("_", " ").split())
    try:
        return Stage(key)
    except ValueError:
        pass
    if aliases:
        if key in STAGE_ALIASES:
            return STAGE_ALIASES[key]
        squeezed = key.replace(" ", "").replace("-", "")
        if squeezed in _STAGE_NAMES:
            return Stage(squeezed)
    raise PrepError(f"unknown stage '{text}'; use one of {', '.join(Stage)}")


def allowed_moves(current: Stage) -> tuple[Stage, ...]:
    """Where an application may go without --force: any later stage, or a terminal one."""
    if current in CLOSED:
        return ()
    later = FLOW[FLOW.index(current) + 1 :]
    return (*later, *TERMINAL)


@dataclass(frozen=True)
class Transition:
    """One stage change. `from_stage` is None for the stage an application started in."""

    from_stage: Stage | None
    to_stage: Stage
    at: datetime
    forced: bool = False


def check_move(
    slug: str, current: Stage, target: Stage, at: datetime, last_at: datetime, force: bool
) -> Transition:
    """The transition for moving `slug` to `target` at `at`, or an error saying what is allowed."""
    if target == current:
        raise InvalidMoveError(f"{slug} is already in stage '{current}'; nothing was changed")
    if at < last_at:
        raise InvalidMoveError(
            f"{slug}: --at {at.isoformat()} is before its last move ({last_at.isoformat()}); "
            "stage history never goes back in time, give a later time"
        )
    allowed = allowed_moves(current)
    if target in allowed:
        return Transition(current, target, at, forced=False)
    if force:
        return Transition(current, target, at, forced=True)
    if current in CLOSED:
        why = f"'{current}' is a closed stage"
        options = "no move is allowed without --force"
    else:
        why = f"'{target}' is before '{current}'"
        options = f"allowed without --force: {', '.join(allowed)}"
    raise InvalidMoveError(
        f"cannot move {slug} from '{current}' to '{target}': {why}; {options} "
        "(add --force to move anyway; it is marked forced in the history)"
    )


def replay(history: Sequence[Transition]) -> Stage:
    """The stage a history ends in; an error if it is not a chain in time order."""
    if not history:
        raise PrepError("an application has no stage history")
    first = history[0]
    if first.from_stage is not None:
        raise PrepError(f"stage history starts with a move from '{first.from_stage}'")
    for before, after in itertools.pairwise(history):
        if after.from_stage != before.to_stage:
            raise PrepError(
                f"stage history is broken: a move from '{after.from_stage}' "
                f"follows one to '{before.to_stage}'"
            )
        if after.at < before.at:
            raise PrepError("stage history goes back in time")
        if not after.forced and after.to_stage not in allowed_moves(before.to_stage):
            raise PrepError(
                f"stage history holds an unforced move from '{before.to_stage}' "
                f"to '{after.to_stage}'"
            )
    return history[-1].to_stage


def applied_at(history: Sequence[Transition]) -> datetime | None:
    """When an application was first past the wishlist in the flow (None if it never was)."""
    for t in history:
        if t.to_stage in FLOW and t.to_stage != Stage.WISHLIST:
            return t.at
    return None


# Words left out of short ids: "Acme Corp" and "Acme, Inc." are both `acme`.
_SUFFIXES = frozenset(
    (
        *("inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co"),
        *("company", "plc", "gmbh", "ag", "sa", "and", "the", "group", "holdings"),
        "technologies",
    )
)
SLUG_MAX = 16
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


def short_id(company: str, taken: Iterable[str]) -> str:
    """A short id the user can type: `acme`, then `acme-2`, `acme-3` for the same company."""
    words: list[str] = re.findall(r"[a-z0-9]+", company.lower())
    # The first word always stays ("Company 7" is `company-7`); suffixes after it go.
    significant = words[:1] + [w for w in words[1:] if w not in _SUFFIXES] or ["app"]
    base = significant[0][:SLUG_MAX]
    for word in significant[1:]:
        if len(base) + 1 + len(word) > SLUG_MAX:
            break
        base = f"{base}-{word}"
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def check_short_id(text: str) -> str:
    slug = text.strip().lower()
    if not SLUG.fullmatch(slug):
        raise PrepError(
            f"id '{text}' is not usable; use lowercase letters, digits and '-', e.g. acme-ml"
        )
    return slug


def parse_event_type(text: str) -> str:
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    key = _EVENT_ALIASES.get(key, key)
    if key not in EVENT_TYPES:
        raise PrepError(f"unknown event type '{text}'; use one of {', '.join(EVENT_TYPES)}")
    return key


def parse_tags(text: str) -> tuple[str, ...]:
    """`ml-coding, Statistics` -> ('ml-coding', 'statistics')."""
    tags = [" ".join(t.strip().lower().split()).replace(" ", "-") for t in text.split(",")]
    return tuple(dict.fromkeys(t for t in tags if t))


def unmatched_tags(tags: Iterable[str], vocabulary: set[str], aliases: dict[str, str]) -> list[str]:
    """Focus tags that match no card tag, deck-name segment or problem category/tag."""
    return [t for t in tags if t not in vocabulary and aliases.get(t) not in vocabulary]


# Focus tags people use for interview rounds, mapped to a deck segment or problem category.
FOCUS_ALIASES = {
    "ml-coding": "ml",
    "ml-theory": "machine-learning",
    "stats": "statistics",
    "probability": "statistics",
    "dl": "deep-learning",
    "algorithms": "arrays-hashing",
    "dsa": "arrays-hashing",
    "python": "python",
}


@dataclass(frozen=True)
class Application:
    id: int
    slug: str
    company: str
    role: str
    stage: Stage
    stage_since: datetime
    created_at: datetime
    last_activity_at: datetime
    level: str = ""
    location: str = ""
    source: str = ""
    url: str = ""
    notes: str = ""
    next_action: str | None = None
    next_action_due: datetime | None = None

    @property
    def active(self) -> bool:
        return self.stage not in CLOSED


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""
    role: str = ""
    id: int = 0


@dataclass(frozen=True)
class Event:
    type: str
    starts_at: datetime
    zone: str
    minutes: int
    tags: tuple[str, ...] = ()
    notes: str = ""
    uid: str = ""
    id: int = 0

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class BoardCard:
    """One application on the board, with what needs attention."""

    application: Application
    days_in_stage: int
    next_event: Event | None
    overdue_days: int | None  # the next action is late by this many days, rounded up
    idle_days: int | None  # flagged: no activity and nothing scheduled for IDLE_DAYS or more


def days_between(start: datetime, end: datetime) -> int:
    return max(0, (end - start) // timedelta(days=1))


def board_cards(
    applications: Iterable[Application],
    events: dict[int, list[Event]],
    now: datetime,
) -> list[BoardCard]:
    """Active applications in stage order, oldest in stage first."""
    cards = []
    for a in applications:
        if not a.active:
            continue
        own = sorted(events.get(a.id, []), key=lambda e: e.starts_at)
        upcoming = next((e for e in own if e.ends_at >= now), None)
        past = [e.starts_at for e in own if e.starts_at <= now]
        overdue = None
        if a.next_action and a.next_action_due is not None and a.next_action_due < now:
            overdue = max(1, math.ceil((now - a.next_action_due) / timedelta(days=1)))
        last = max([a.last_activity_at, a.stage_since, *past])
        idle = days_between(last, now)
        flagged = idle if upcoming is None and idle >= IDLE_DAYS else None
        cards.append(BoardCard(a, days_between(a.stage_since, now), upcoming, overdue, flagged))
    order = {s: i for i, s in enumerate(FLOW)}
    return sorted(cards, key=lambda c: (order[c.application.stage], c.application.stage_since))


@dataclass(frozen=True)
class FunnelRow:
    """How many applications reached a stage, how many went further, and how long they stayed."""

    source: str | None  # None: all sources
    stage: Stage
    reached: int
    advanced: int | None  # None for the last stage: there is nothing past `accepted`
    median_days: float | None

    @property
    def conversion(self) -> float | None:
        if self.advanced is None or not self.reached:
            return None
        return self.advanced / self.reached


FUNNEL_STAGES: tuple[Stage, ...] = FLOW[1:]  # from `applied`: a wishlist entry is not applied


def funnel(histories: Iterable[tuple[str, Sequence[Transition]]], now: datetime) -> list[FunnelRow]:
    """Conversion and median days per stage, overall and for each source (sorted by name).

    An application reached a stage when it got to that stage or a later one (stages can be
    skipped); it advanced when it got past it. Median days count finished stays only.
    """
    groups: dict[str | None, list[Sequence[Transition]]] = {None: []}
    for name, history in histories:
        groups[None].append(history)
        groups.setdefault(name or "(none)", []).append(history)
    rows = []
    sources: list[str | None] = [None, *sorted(k for k in groups if k is not None)]
    for source in sources:
        rows += _funnel_rows(source, groups[source])
    return rows


def _funnel_rows(source: str | None, histories: list[Sequence[Transition]]) -> list[FunnelRow]:
    furthest = [_furthest(h) for h in histories]
    stays: dict[Stage, list[float]] = {s: [] for s in FUNNEL_STAGES}
    for history in histories:
        for before, after in itertools.pairwise(history):
            if before.to_stage in stays:
                stays[before.to_stage].append((after.at - before.at) / timedelta(days=1))
    rows = []
    for i, stage in enumerate(FUNNEL_STAGES):
        index = FLOW.index(stage)
        reached = sum(1 for f in furthest if f >= index)
        last = i + 1 == len(FUNNEL_STAGES)
        advanced = None if last else sum(1 for f in furthest if f > index)
        days = stays[stage]
        median = round(statistics.median(days), 1) if days else None
        rows.append(FunnelRow(source, stage, reached, advanced, median))
    return rows


def _furthest(history: Sequence[Transition]) -> int:
    reached = [FLOW.index(t.to_stage) for t in history if t.to_stage in FLOW]
    return max(reached, default=-1)
