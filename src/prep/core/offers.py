"""Offer arithmetic: amounts, vesting schedules with a cliff, first-year and four-year totals."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation

from prep.core.errors import PrepError

COMPONENTS = ("base", "bonus", "signon", "equity")
NEGOTIATION_KINDS = ("ask", "counter", "final")
HUNDRED = Decimal(100)

_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)([km]?)")
_DURATION = re.compile(r"(\d{1,3})\s*(y|yr|yrs|years?|m|mo|months?)?")


@dataclass(frozen=True)
class Offer:
    base: Decimal
    bonus_pct: Decimal = Decimal(0)  # target bonus, percent of base
    signon: Decimal = Decimal(0)
    equity: Decimal = Decimal(0)  # the whole grant's value
    vest_years: int = 4
    schedule: tuple[Decimal, ...] = (Decimal(25),) * 4  # percent vesting in each year
    cliff_months: int = 12
    currency: str = "USD"
    deadline: datetime | None = None

    @property
    def bonus(self) -> Decimal:
        return self.base * self.bonus_pct / HUNDRED


@dataclass(frozen=True)
class NegotiationEntry:
    component: str  # base | bonus | signon | equity
    kind: str  # ask | counter | final
    amount: Decimal  # in the offer's currency; for `bonus`, percent of base
    at: datetime
    id: int = 0


def parse_amount(text: str, label: str) -> Decimal:
    """`185000`, `185,000`, `185k`, `1.2m`, `$185k` -> a non-negative amount."""
    raw = text.strip().lower().replace(",", "").replace("_", "").lstrip("$€£¥")
    m = _AMOUNT.fullmatch(raw)
    if m is None:
        raise PrepError(f"{label} '{text}' is not an amount; write e.g. 185000, 185k or 1.2m")
    try:
        value = Decimal(m.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise PrepError(f"{label} '{text}' is not an amount") from None
    value *= {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2)]
    if value >= Decimal("1e13"):
        raise PrepError(f"{label} '{text}' is too large; amounts are whole currency units")
    return value


def parse_percent(text: str, label: str) -> Decimal:
    """`15` or `15%` -> Decimal('15'), between 0 and 1000."""
    raw = text.strip().rstrip("%").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise PrepError(f"{label} '{text}' is not a percentage; write e.g. 15 or 15%") from None
    if not value.is_finite() or not 0 <= value <= 1000:
        raise PrepError(f"{label} '{text}' must be a percentage between 0 and 1000")
    return value


def parse_months(text: str, label: str) -> int:
    """`1y` -> 12, `18m` / `18mo` -> 18, `0` -> 0."""
    m = _DURATION.fullmatch(text.strip().lower())
    if m is None or (m.group(2) is None and m.group(1) != "0"):
        raise PrepError(f"{label} '{text}' is not a duration; write e.g. 1y, 6m or 0")
    n = int(m.group(1))
    return n * 12 if m.group(2) and m.group(2).startswith("y") else n


def parse_schedule(text: str, label: str = "--vest-schedule") -> tuple[Decimal, ...]:
    """`25,25,25,25` or `5,15,40,40`: percent per year, summing to 100."""
    parts = [p.strip().rstrip("%") for p in text.split(",")]
    try:
        values = tuple(Decimal(p) for p in parts)
    except InvalidOperation:
        raise PrepError(
            f"{label} '{text}' is not a list of yearly percentages; write e.g. 25,25,25,25"
        ) from None
    if not values or any(not v.is_finite() or v < 0 for v in values):
        raise PrepError(f"{label} '{text}': each year's percentage must be 0 or more")
    if abs(sum(values) - HUNDRED) > Decimal("0.1"):
        raise PrepError(f"{label} '{text}' adds up to {sum(values)}%; it must add up to 100")
    return values


def even_schedule(years: int) -> tuple[Decimal, ...]:
    """Equal yearly shares to the hundredth of a percent; the last year takes the remainder."""
    share = (HUNDRED / years).quantize(Decimal("0.01"))
    return (*(share,) * (years - 1), HUNDRED - share * (years - 1))


def make_vesting(
    vest: str | None, schedule: str | None, cliff: str | None
) -> tuple[int, tuple[Decimal, ...], int]:
    """Vest years, yearly schedule and cliff months from `--vest`, `--vest-schedule`, `--cliff`."""
    years: int | None = None
    if vest is not None:
        months = parse_months(vest, "--vest")
        if months == 0 or months % 12:
            raise PrepError(f"--vest '{vest}' must be a whole number of years, e.g. 4y")
        years = months // 12
    parsed = parse_schedule(schedule) if schedule is not None else None
    if parsed is not None and years is not None and len(parsed) != years:
        raise PrepError(
            f"--vest-schedule '{schedule}' has {len(parsed)} years but --vest is {years}y; "
            "give one percentage per year"
        )
    if parsed is None:
        parsed = even_schedule(years or 4)
    years = len(parsed)
    cliff_months = parse_months(cliff, "--cliff") if cliff is not None else 12
    if cliff_months > years * 12:
        raise PrepError(f"--cliff '{cliff}' is longer than the {years}-year vesting period")
    return years, parsed, cliff_months


def vested_fraction(schedule: tuple[Decimal, ...], cliff_months: int, month: int) -> Decimal:
    """Share of the grant (0-1) vested after `month` months: monthly within each year's share,
    nothing before the cliff, and everything accrued so far at the cliff."""
    if month < cliff_months:
        return Decimal(0)
    full, part = divmod(month, 12)
    done = sum(schedule[:full], Decimal(0))
    if full < len(schedule):
        done += schedule[full] * part / 12
    return done / HUNDRED


def equity_by_year(offer: Offer, years: int | None = None) -> tuple[Decimal, ...]:
    """The equity that vests in each year (year 1 first), by the actual schedule and cliff."""
    n = years if years is not None else offer.vest_years
    out = []
    for year in range(1, n + 1):
        now = vested_fraction(offer.schedule, offer.cliff_months, 12 * year)
        before = vested_fraction(offer.schedule, offer.cliff_months, 12 * (year - 1))
        out.append(offer.equity * (now - before))
    return tuple(out)


def comp_by_year(offer: Offer, years: int = 4) -> tuple[Decimal, ...]:
    """Total pay in each year: base + target bonus + vested equity, plus the sign-on in year 1."""
    equity = equity_by_year(offer, years)
    return tuple(
        offer.base + offer.bonus + equity[i] + (offer.signon if i == 0 else 0) for i in range(years)
    )


def first_year_total(offer: Offer) -> Decimal:
    return comp_by_year(offer, 1)[0]


def four_year_total(offer: Offer) -> Decimal:
    return sum(comp_by_year(offer, 4), Decimal(0))


def apply_final(offer: Offer, entry: NegotiationEntry) -> Offer:
    """The offer after a `final` negotiation figure replaces one component."""
    if entry.kind != "final":
        return offer
    if entry.component == "base":
        return replace(offer, base=entry.amount)
    if entry.component == "bonus":
        return replace(offer, bonus_pct=entry.amount)
    if entry.component == "signon":
        return replace(offer, signon=entry.amount)
    return replace(offer, equity=entry.amount)


def days_left(deadline: datetime | None, now: datetime, tz: tzinfo) -> int | None:
    """Calendar days from today to the deadline's day in `tz` (0: today, negative: passed)."""
    if deadline is None:
        return None
    return (deadline.astimezone(tz).date() - now.astimezone(tz).date()).days
