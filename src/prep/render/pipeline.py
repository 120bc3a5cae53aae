"""The pipeline as text: the board, the offers side by side, the funnel, one application.

Pure functions from core objects (and a `now`, a zone and a width) to rich renderables.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from prep.core.offers import NegotiationEntry, Offer, comp_by_year, days_left, equity_by_year
from prep.core.pipeline import (
    ACTIVE,
    IDLE_DAYS,
    Application,
    BoardCard,
    Event,
    FunnelRow,
    Stage,
    Transition,
)
from prep.render.text import when_text

CARD_MIN = 16  # narrowest readable card, in columns
MIN_LANES = 3  # below this many lanes the board becomes a list
STAGE_LABELS = {
    Stage.TECHNICAL: "tech",
    Stage.TAKEHOME: "take-home",
    Stage.NEGOTIATION: "negotiating",
}
EVENT_LABELS = {
    "recruiter-call": "recruiter",
    "phone-screen": "screen",
    "technical": "tech",
    "system-design": "sys design",
    "ml-design": "ml design",
    "behavioral": "behavioral",
    "hiring-manager": "HM",
    "take-home": "take-home",
    "offer-call": "offer call",
}


def stage_label(stage: Stage) -> str:
    return STAGE_LABELS.get(stage, stage.value)


def due_text(at: datetime, now: datetime, tz: tzinfo) -> str:
    """A due date: just the day when it is due by the end of that day."""
    local = at.astimezone(tz)
    if (local.hour, local.minute) == (23, 59):
        return local.strftime("%a %b %d")
    return when_text(at, now, tz)


def money(amount: Decimal) -> str:
    return f"{amount:,.0f}"


# --- Board -----------------------------------------------------------------------------------


def board_view(
    cards: Sequence[BoardCard],
    closed: dict[Stage, int],
    now: datetime,
    tz: tzinfo,
    width: int,
) -> RenderableType:
    """Stage lanes of cards; narrow terminals merge neighbouring stages, very narrow ones
    get a list. Overdue actions are marked `!` and idle applications `idle`, so the board
    reads without colour too."""
    overdue = sum(1 for c in cards if c.overdue_days is not None)
    idle = sum(1 for c in cards if c.idle_days is not None)
    title = Text.assemble(
        ("Board", "bold"),
        f" · {now.astimezone(tz):%a %d %b %H:%M} · {len(cards)} active",
        (f" · {overdue} overdue" if overdue else "", "red"),
        (f" · {idle} idle {IDLE_DAYS}d+" if idle else "", "yellow"),
    )
    parts: list[RenderableType] = [title]
    if not cards:
        parts.append(Text("No active applications: prep app add Acme --role 'ML Engineer'"))
    else:
        lanes = plan_lanes([c.application.stage for c in cards], width)
        if lanes is None:
            parts.append(_board_list(cards, now, tz))
        else:
            parts.append(_board_lanes(cards, lanes, now, tz, width))
    if closed:
        shown = ", ".join(f"{n} {s}" for s, n in sorted(closed.items(), key=lambda kv: kv[0]))
        parts.append(Text(f"Closed: {shown}.", style="dim"))
    return Group(*parts)


def plan_lanes(stages: Sequence[Stage], width: int) -> list[tuple[Stage, ...]] | None:
    """Group the non-empty stages into as many lanes as fit `width` (None: use a list).

    Neighbouring stages share a lane so that the tallest lane is as short as it can be.
    """
    counts = {s: stages.count(s) for s in ACTIVE if s in stages}
    present = list(counts)
    most = (width - 1) // (CARD_MIN + 3)  # a lane costs its card plus padding and a border
    if most < MIN_LANES and len(present) > most:
        return None
    k = min(len(present), most)
    best: tuple[tuple[int, int, int], list[tuple[Stage, ...]]] | None = None
    for cuts in itertools.combinations(range(1, len(present)), k - 1):
        bounds = (0, *cuts, len(present))
        lanes = [tuple(present[a:b]) for a, b in itertools.pairwise(bounds)]
        heights = [sum(counts[s] for s in lane) for lane in lanes]
        # shortest tallest lane, then the most even lanes, then the fewest merged stages
        cost = (max(heights), sum(h * h for h in heights), sum(len(lane) > 1 for lane in lanes))
        if best is None or cost < best[0]:
            best = (cost, lanes)
    assert best is not None
    return best[1]


def _board_lanes(
    cards: Sequence[BoardCard],
    lanes: list[tuple[Stage, ...]],
    now: datetime,
    tz: tzinfo,
    width: int,
) -> Table:
    inner = max(CARD_MIN, (width - 1 - 3 * len(lanes)) // len(lanes))
    table = Table(box=box.SQUARE, pad_edge=True, expand=False)
    for lane in lanes:
        n = sum(1 for c in cards if c.application.stage in lane)
        header = " / ".join(stage_label(s) for s in lane)
        table.add_column(Text(f"{header} ({n})", style="bold"), width=inner)
    cells: list[RenderableType] = []
    for lane in lanes:
        body: list[RenderableType] = []
        for stage in lane:
            here = [c for c in cards if c.application.stage == stage]
            if len(lane) > 1 and here:
                if body:
                    body.append(Text(""))
                body.append(Text(f"· {stage_label(stage)}", style="dim italic"))
            for n, card in enumerate(here):
                if body and (n or len(lane) == 1):
                    body.append(Text(""))
                body += _card_lines(card, now, tz)
        cells.append(Group(*body))
    table.add_row(*cells)
    return table


def _card_lines(card: BoardCard, now: datetime, tz: tzinfo) -> list[Text]:
    """A card: its id, days in stage and role, then what needs attention (these lines wrap)."""
    a = card.application
    lines = [
        Text(a.slug, style="bold", no_wrap=True, overflow="ellipsis"),
        Text(
            f"{card.days_in_stage}d · {a.role or a.company}",
            style="dim",
            no_wrap=True,
            overflow="ellipsis",
        ),
    ]
    if card.next_event is not None:
        e = card.next_event
        label = EVENT_LABELS.get(e.type, e.type)
        lines.append(Text(f"@ {when_text(e.starts_at, now, tz)} {label}", style="cyan"))
    if card.overdue_days is not None and a.next_action:
        lines.append(Text(f"! {card.overdue_days}d late: {a.next_action}", style="bold red"))
    if card.idle_days is not None:
        lines.append(Text(f"idle {card.idle_days}d", style="yellow"))
    return lines


def _board_list(cards: Sequence[BoardCard], now: datetime, tz: tzinfo) -> Group:
    """The board for narrow terminals: stages as headings, one line per application."""
    lines: list[Text] = []
    for stage in ACTIVE:
        here = [c for c in cards if c.application.stage == stage]
        if not here:
            continue
        lines.append(Text(f"{stage_label(stage)} ({len(here)})", style="bold"))
        for card in here:
            a = card.application
            lines.append(
                Text.assemble(
                    "  ",
                    (a.slug, "bold"),
                    (f"  {card.days_in_stage}d · {a.role or a.company}", "dim"),
                    no_wrap=True,
                    overflow="ellipsis",
                )
            )
            for extra in _card_lines(card, now, tz)[2:]:
                extra.pad_left(4)
                lines.append(extra)
    return Group(*lines)


# --- Lists and one application ---------------------------------------------------------------


def applications_table(
    rows: Sequence[tuple[Application, Event | None]], now: datetime, tz: tzinfo, width: int
) -> Table:
    """Applications as a table; below 100 columns the company gives way to the next steps."""
    wide = width >= 100
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", style="bold", no_wrap=True)
    if wide:
        table.add_column("company", no_wrap=True, overflow="ellipsis", max_width=16)
    table.add_column("role", no_wrap=True, overflow="ellipsis", max_width=18)
    table.add_column("stage", no_wrap=True)
    table.add_column("days", justify="right", no_wrap=True)
    table.add_column("next", min_width=16)
    for a, event in rows:
        nxt = []
        if event is not None:
            label = EVENT_LABELS.get(event.type, event.type)
            nxt.append(f"@ {when_text(event.starts_at, now, tz)} {label}")
        if a.next_action:
            due = f" (due {due_text(a.next_action_due, now, tz)})" if a.next_action_due else ""
            late = a.next_action_due is not None and a.next_action_due < now
            nxt.append(f"{'! ' if late else ''}{a.next_action}{due}")
        days = str(max(0, (now - a.stage_since) // timedelta(days=1)))
        company = [a.company] if wide else []
        table.add_row(a.slug, *company, a.role, stage_label(a.stage), days, "; ".join(nxt))
    return table


def application_text(
    a: Application,
    history: Sequence[Transition],
    contacts: Sequence[tuple[str, str, str]],
    events: Sequence[Event],
    offer: Offer | None,
    negotiation: Sequence[NegotiationEntry],
    now: datetime,
    tz: tzinfo,
) -> RenderableType:
    out = Text()
    out.append(f"{a.company}", "bold")
    out.append(f" — {a.role}  [{a.slug}]\n")
    facts = [("stage", f"{a.stage} since {a.stage_since.astimezone(tz):%Y-%m-%d %H:%M}")]
    facts += [(k, v) for k, v in (("level", a.level), ("location", a.location)) if v]
    facts += [(k, v) for k, v in (("source", a.source), ("url", a.url)) if v]
    if a.next_action:
        due = f" (due {due_text(a.next_action_due, now, tz)})" if a.next_action_due else ""
        facts.append(("next", f"{a.next_action}{due}"))
    for key, value in facts:
        out.append(f"{key:<9}", "dim")
        out.append(f"{value}\n")
    out.append("history\n", "bold")
    for t in history:
        start = f"{t.from_stage} → " if t.from_stage else ""
        forced = "  (forced)" if t.forced else ""
        out.append(f"  {t.at.astimezone(tz):%Y-%m-%d %H:%M}  {start}{t.to_stage}{forced}\n")
    if events:
        out.append("events\n", "bold")
        for e in events:
            tags = f"  [{', '.join(e.tags)}]" if e.tags else ""
            out.append(
                f"  {e.starts_at.astimezone(tz):%Y-%m-%d %H:%M}  {e.type} "
                f"({e.minutes} min, {e.zone}){tags}\n"
            )
    if contacts:
        out.append("contacts\n", "bold")
        for name, email, role in contacts:
            extra = ", ".join(x for x in (role, email) if x)
            out.append(f"  {name}{f' ({extra})' if extra else ''}\n")
    if offer is not None:
        out.append("offer\n", "bold")
        out.append(f"  {offer_summary(offer)}\n")
    for entry in negotiation:
        out.append(f"  {negotiation_line(entry, tz)}\n")
    if a.notes:
        out.append("notes\n", "bold")
        for line in a.notes.splitlines():
            out.append(f"  {line}\n")
    out.rstrip()
    return out


def offer_summary(offer: Offer) -> str:
    parts = [f"base {money(offer.base)} {offer.currency}"]
    if offer.bonus_pct:
        parts.append(f"bonus {offer.bonus_pct.normalize():f}%")
    if offer.signon:
        parts.append(f"sign-on {money(offer.signon)}")
    if offer.equity:
        parts.append(f"equity {money(offer.equity)} {vesting_text(offer)}")
    return ", ".join(parts)


def vesting_text(offer: Offer) -> str:
    schedule = "/".join(f"{p.normalize():f}" for p in offer.schedule)
    return f"over {offer.vest_years}y ({schedule}, cliff {months_text(offer.cliff_months)})"


def months_text(months: int) -> str:
    return f"{months // 12}y" if months and months % 12 == 0 else f"{months}m"


def negotiation_line(entry: NegotiationEntry, tz: tzinfo) -> str:
    return f"{entry.at.astimezone(tz):%Y-%m-%d}  {_negotiation_short(entry)}"


def _negotiation_short(entry: NegotiationEntry) -> str:
    value = f"{entry.amount.normalize():f}%" if entry.component == "bonus" else money(entry.amount)
    return f"{entry.component} {entry.kind} {value}"


# --- Offers side by side ------------------------------------------------------------------------


def offers_table(
    offers: Sequence[tuple[Application, Offer, Sequence[NegotiationEntry]]],
    now: datetime,
    tz: tzinfo,
) -> RenderableType:
    """One column per offer: components, vesting per year, first-year and four-year totals,
    deadline countdown and negotiation history."""
    if not offers:
        return Text("No offers yet. Record one: prep app offer ID --base 185k --equity 400k")
    table = Table(box=box.SIMPLE_HEAVY, pad_edge=False, title="Offers", title_justify="left")
    table.add_column("", style="dim", no_wrap=True)
    for a, offer, _ in offers:
        table.add_column(f"{a.slug}\n{offer.currency}", justify="right", overflow="fold")
    years = max(4, *(o.vest_years for _, o, _ in offers))

    def row(label: str, values: list[str], style: str = "") -> None:
        table.add_row(label, *values, style=style)

    row("base", [money(o.base) for _, o, _ in offers])
    row("target bonus", [f"{o.bonus_pct.normalize():f}% {money(o.bonus)}" for _, o, _ in offers])
    row("sign-on", [money(o.signon) for _, o, _ in offers])
    row("equity grant", [money(o.equity) for _, o, _ in offers])
    row("vesting", ["/".join(f"{p.normalize():f}" for p in o.schedule) for _, o, _ in offers])
    row("cliff", [months_text(o.cliff_months) for _, o, _ in offers])
    per_year = [equity_by_year(o, years) for _, o, _ in offers]
    for y in range(years):
        row(f"equity y{y + 1}", [money(v[y]) for v in per_year])
    totals = [comp_by_year(o, 4) for _, o, _ in offers]
    row("first year", [money(t[0]) for t in totals], "bold")
    row("four years", [money(sum(t, Decimal(0))) for t in totals], "bold")
    row("deadline", [_deadline(o, now, tz) for _, o, _ in offers])
    history = [[_negotiation_short(e) for e in n] for _, _, n in offers]
    for i in range(max((len(h) for h in history), default=0)):
        row("negotiation" if i == 0 else "", [h[i] if i < len(h) else "" for h in history])
    note = None
    if len({o.currency for _, o, _ in offers}) > 1:
        note = Text("Offers in different currencies are not converted.", style="dim")
    return Group(table, note) if note else table


def _deadline(offer: Offer, now: datetime, tz: tzinfo) -> str:
    left = days_left(offer.deadline, now, tz)
    if offer.deadline is None or left is None:
        return "—"
    day = offer.deadline.astimezone(tz).strftime("%b %d")
    if offer.deadline < now:
        return f"{day} (passed)"
    return f"{day} ({'today' if left == 0 else f'in {left}d'})"


# --- Funnel ------------------------------------------------------------------------------------


def funnel_view(rows: Sequence[FunnelRow]) -> RenderableType:
    """One table for all sources, then one per source (without the stages none reached)."""
    if not rows or rows[0].reached == 0:
        return Text("No applications past the wishlist yet: nothing to count.")
    tables: list[RenderableType] = []
    for source, group in itertools.groupby(rows, key=lambda r: r.source):
        shown = list(group)
        if source is not None:
            while shown and shown[-1].reached == 0:
                shown.pop()
            if not shown:
                continue
        title = "All sources" if source is None else f"Source: {source}"
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=title, title_justify="left")
        table.add_column("stage", no_wrap=True)
        table.add_column("reached", justify="right")
        table.add_column("went on", justify="right")
        table.add_column("conversion", justify="right")
        table.add_column("median days", justify="right")
        for r in shown:
            conv = "—" if r.conversion is None else f"{r.conversion:.0%}"
            went = "—" if r.advanced is None else str(r.advanced)
            median = "—" if r.median_days is None else f"{r.median_days:g}"
            table.add_row(r.stage.value, str(r.reached), went, conv, median)
        tables.append(table)
    return Group(*tables)
