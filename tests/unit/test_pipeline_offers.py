"""Offer arithmetic, checked against totals computed by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from prep.core.errors import PrepError
from prep.core.offers import (
    NegotiationEntry,
    Offer,
    apply_final,
    comp_by_year,
    days_left,
    equity_by_year,
    even_schedule,
    first_year_total,
    four_year_total,
    make_vesting,
    parse_amount,
    parse_months,
    parse_percent,
    parse_schedule,
    vested_fraction,
)

EVEN = (D(25), D(25), D(25), D(25))
BACKLOADED = (D(5), D(15), D(40), D(40))


def offer(schedule: tuple[D, ...] = EVEN, cliff: int = 12, **kw: object) -> Offer:
    values: dict[str, object] = {
        "base": D(200_000),
        "bonus_pct": D(10),
        "signon": D(50_000),
        "equity": D(400_000),
        "vest_years": len(schedule),
        "schedule": schedule,
        "cliff_months": cliff,
    }
    values.update(kw)
    return Offer(**values)  # type: ignore[arg-type]


def test_even_schedule_with_one_year_cliff() -> None:
    o = offer(EVEN)
    assert equity_by_year(o) == (D(100_000), D(100_000), D(100_000), D(100_000))
    # year 1: 200k base + 20k bonus + 50k sign-on + 100k equity
    assert first_year_total(o) == D(370_000)
    # four years: 4 × 220k + 50k + 400k
    assert four_year_total(o) == D(1_330_000)
    assert comp_by_year(o) == (D(370_000), D(320_000), D(320_000), D(320_000))


def test_backloaded_schedule_with_one_year_cliff() -> None:
    o = offer(BACKLOADED)
    assert equity_by_year(o) == (D(20_000), D(60_000), D(160_000), D(160_000))
    # year 1: 200k + 20k + 50k + 20k
    assert first_year_total(o) == D(290_000)
    # same grant, same four-year total: only the timing differs
    assert four_year_total(o) == D(1_330_000)
    assert comp_by_year(o) == (D(290_000), D(280_000), D(380_000), D(380_000))


def test_a_cliff_past_the_first_year_moves_the_first_years_equity() -> None:
    o = offer(EVEN, cliff=18)
    # nothing by month 12; at month 18, 37.5% (18 months of 25%/year) vests at once
    assert vested_fraction(EVEN, 18, 12) == 0
    assert vested_fraction(EVEN, 18, 18) == D("0.375")
    assert equity_by_year(o) == (D(0), D(200_000), D(100_000), D(100_000))
    assert first_year_total(o) == D(270_000)
    assert four_year_total(o) == D(1_330_000)


def test_no_cliff_vests_monthly_within_each_years_share() -> None:
    assert vested_fraction(BACKLOADED, 0, 6) == D("0.025")  # half of 5%
    assert vested_fraction(BACKLOADED, 0, 30) == D("0.40")  # 5 + 15 + half of 40
    assert vested_fraction(BACKLOADED, 12, 11) == 0
    assert vested_fraction(BACKLOADED, 12, 12) == D("0.05")
    assert equity_by_year(offer(BACKLOADED, cliff=0)) == equity_by_year(offer(BACKLOADED))


def test_four_year_total_of_a_five_year_grant_counts_four_years() -> None:
    o = offer((D(20),) * 5, equity=D(500_000), signon=D(0), bonus_pct=D(0))
    assert equity_by_year(o) == (D(100_000),) * 5
    assert four_year_total(o) == D(4 * 200_000 + 400_000)
    # a three-year grant vests nothing in year four
    three = offer(even_schedule(3), equity=D(300_000))
    assert equity_by_year(three, 4)[3] == 0
    assert sum(equity_by_year(three)) == D(300_000)


def test_parse_amounts() -> None:
    assert parse_amount("185000", "--base") == D(185_000)
    assert parse_amount("185,000", "--base") == D(185_000)
    assert parse_amount("185k", "--base") == D(185_000)
    assert parse_amount("$1.2M", "--base") == D(1_200_000)
    for bad in ("abc", "-5", "1e5", "", "12k5"):
        with pytest.raises(PrepError) as err:
            parse_amount(bad, "--base")
        assert str(err.value) == (
            f"--base '{bad}' is not an amount; write e.g. 185000, 185k or 1.2m"
        )


def test_parse_percent_months_and_schedules() -> None:
    assert parse_percent("15%", "--bonus") == D(15)
    with pytest.raises(PrepError, match="--bonus 'lots' is not a percentage"):
        parse_percent("lots", "--bonus")
    assert parse_months("1y", "--cliff") == 12
    assert parse_months("18mo", "--cliff") == 18
    assert parse_months("0", "--cliff") == 0
    with pytest.raises(
        PrepError, match="--cliff '12' is not a duration; write e\\.g\\. 1y, 6m or 0"
    ):
        parse_months("12", "--cliff")
    assert parse_schedule("5,15,40,40") == BACKLOADED
    with pytest.raises(PrepError, match="adds up to 90%; it must add up to 100"):
        parse_schedule("25,25,40")
    with pytest.raises(PrepError, match="not a list of yearly percentages"):
        parse_schedule("a,b")
    assert even_schedule(3) == (D("33.33"), D("33.33"), D("33.34"))


def test_make_vesting_checks_the_options_agree() -> None:
    assert make_vesting(None, None, None) == (4, EVEN, 12)
    assert make_vesting("4y", "5,15,40,40", "1y") == (4, BACKLOADED, 12)
    assert make_vesting(None, "50,50", "6m") == (2, (D(50), D(50)), 6)
    with pytest.raises(PrepError, match="has 4 years but --vest is 3y"):
        make_vesting("3y", "25,25,25,25", None)
    with pytest.raises(PrepError, match="--vest '18m' must be a whole number of years"):
        make_vesting("18m", None, None)
    with pytest.raises(PrepError, match="longer than the 2-year vesting period"):
        make_vesting("2y", None, "3y")


def test_a_final_figure_replaces_its_component() -> None:
    o = offer()
    at = datetime(2026, 3, 2, tzinfo=UTC)
    assert apply_final(o, NegotiationEntry("base", "final", D(210_000), at)).base == D(210_000)
    assert apply_final(o, NegotiationEntry("bonus", "final", D(15), at)).bonus == D(30_000)
    assert apply_final(o, NegotiationEntry("base", "ask", D(999_999), at)) == o


def test_deadline_countdown_is_in_calendar_days() -> None:
    paris = ZoneInfo("Europe/Paris")
    now = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)  # 23:30 Monday in Paris
    assert days_left(datetime(2026, 3, 3, 8, 0, tzinfo=UTC), now, paris) == 1
    assert days_left(datetime(2026, 3, 2, 22, 45, tzinfo=UTC), now, paris) == 0
    assert days_left(datetime(2026, 3, 1, 8, 0, tzinfo=UTC), now, paris) == -1
    assert days_left(None, now, paris) is None
