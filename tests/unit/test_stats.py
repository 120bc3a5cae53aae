"""Every `prep stats` figure against a fixture computed by hand (the working is in comments).

The clock: now = 2026-03-02 12:00 UTC, zone UTC, the study day rolls over at 04:00, so
"today" is the study day 2026-03-02 and 2026-03-02 03:00 UTC still belongs to 2026-03-01.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fsrs import Scheduler

from prep.core.pipeline import Stage, Transition
from prep.core.schedule import Memory
from prep.core.stats import (
    Answer,
    AttemptFacts,
    CardFacts,
    PassRate,
    StudyDays,
    average_retrievability,
    cards_by_state,
    deck_retention,
    forecast,
    funnel_summary,
    heatmap,
    mock_trend,
    problems_by_category,
    study_minutes,
    true_retention,
)
from prep.core.study import Span

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAYS = StudyDays(NOW, UTC, 4)
TODAY = date(2026, 3, 2)


def at(day: int, hour: int = 12) -> datetime:
    """`day` study days before today, at `hour` UTC."""
    return datetime(2026, 3, 2, hour, tzinfo=UTC) - timedelta(days=day)


def test_heatmap_counts_reviews_per_study_day_over_the_year() -> None:
    moments = [
        at(0, 5),  # today, after the 04:00 rollover
        at(0, 3),  # 03:00 on 2026-03-02 is still study day 2026-03-01
        at(1),  # 2026-03-01
        at(364),  # the first day of the 365-day window
        at(365),  # one day too old: left out
    ]
    days = heatmap(moments, DAYS)
    assert len(days) == 365
    assert days[0] == (date(2025, 3, 3), 1)  # 2026-03-02 − 364 days
    assert days[-1] == (TODAY, 1)
    assert days[-2] == (date(2026, 3, 1), 2)  # at(0, 3) and at(1)
    assert sum(n for _, n in days) == 4  # five moments, one outside the window


def test_forecast_puts_overdue_items_on_today_and_ignores_the_far_future() -> None:
    cards = [
        at(3),  # overdue by three days → today
        NOW + timedelta(hours=1),  # today
        NOW + timedelta(days=1),  # tomorrow
        NOW + timedelta(days=1, hours=2),  # tomorrow (14:00)
        NOW + timedelta(days=30),  # day 30 is past the 30-day window (days 0-29)
    ]
    problems = [NOW + timedelta(days=29)]  # the last day of the window
    days = forecast(cards, problems, DAYS)
    assert len(days) == 30
    assert (days[0].day, days[0].cards, days[0].problems) == (TODAY, 2, 0)
    assert (days[1].cards, days[1].problems) == (2, 0)
    assert (days[29].day, days[29].cards, days[29].problems) == (date(2026, 3, 31), 0, 1)
    assert sum(d.cards for d in days) == 4


def test_study_minutes_per_day_against_the_goal() -> None:
    spans = [
        Span(at(0, 9), at(0, 9) + timedelta(minutes=30)),  # today: 30 min
        Span(at(0, 9) + timedelta(minutes=20), at(0, 10)),  # overlaps: union 09:00-10:00 = 60
        # 03:00-05:00 on the 2nd: 60 min on study day 03-01, 60 min on 03-02 (rollover 04:00)
        Span(at(0, 3), at(0, 5)),
        Span(at(2, 12), at(2, 14)),  # 2026-02-28: 120 min
    ]
    days = study_minutes(spans, DAYS, goal_minutes=90)
    assert len(days) == 30 and days[-1].day == TODAY
    assert [(d.minutes, d.met) for d in days[-3:]] == [
        (120.0, True),  # 02-28: 120 ≥ 90
        (60.0, False),  # 03-01: the hour before the rollover
        (120.0, True),  # 03-02: 60 (09-10) + 60 (04-05)
    ]
    assert days[0].minutes == 0.0 and days[0].goal_minutes == 90


def test_mock_trend_orders_rounds_and_gives_the_change() -> None:
    rounds = [(at(1), "onsite", 12), (at(5), "phone-screen", 9), (at(3), "behavioral", 10)]
    points = mock_trend(rounds)
    # Oldest first: 9 (5 days ago), 10 (+1), 12 (+2).
    assert [(p.number, p.template, p.total, p.change) for p in points] == [
        (1, "phone-screen", 9, None),
        (2, "behavioral", 10, 1),
        (3, "onsite", 12, 2),
    ]


def answer(
    day: int, rating: int, interval: float, state: str = "review", deck: str = "A"
) -> Answer:
    return Answer(at(day), rating, state, interval, deck)


def test_true_retention_splits_young_and_mature_by_period() -> None:
    answers = [
        answer(0, 3, 5),  # today, young, pass
        answer(0, 1, 30),  # today, mature, Again: fail
        answer(0, 2, 21),  # today, mature (21 days is mature), Hard: pass
        answer(1, 1, 20.9),  # yesterday, young, fail
        answer(6, 4, 40),  # 6 days ago: in the week, mature, pass
        answer(7, 3, 3),  # 7 days ago: outside the week, in the month; young, pass
        answer(200, 1, 100),  # in the year only; mature, fail
        answer(365, 3, 100),  # outside the year
        answer(0, 1, 0, state="learning"),  # not a review-state card: ignored
        answer(0, 1, 0, state="new"),  # ignored
    ]
    rows = {r.period: r for r in true_retention(answers, DAYS)}
    assert list(rows) == ["today", "yesterday", "week", "month", "year"]
    assert (rows["today"].young, rows["today"].mature) == (PassRate(1, 1), PassRate(1, 2))
    assert (rows["yesterday"].young, rows["yesterday"].mature) == (PassRate(0, 1), PassRate())
    # week = today + yesterday + 6 days ago: young 1/2, mature 2/3
    assert (rows["week"].young, rows["week"].mature) == (PassRate(1, 2), PassRate(2, 3))
    # month adds 7 days ago (young pass): young 2/3
    assert (rows["month"].young, rows["month"].mature) == (PassRate(2, 3), PassRate(2, 3))
    # year adds 200 days ago (mature fail): mature 2/4; total (2+2)/(3+4) = 4/7
    assert (rows["year"].young, rows["year"].mature) == (PassRate(2, 3), PassRate(2, 4))
    assert rows["year"].total == PassRate(4, 7)
    assert rows["year"].mature.rate == 0.5
    assert rows["yesterday"].mature.rate is None  # no reviews: no rate, not 0%


def test_a_review_before_the_rollover_counts_for_yesterday() -> None:
    early = Answer(at(0, 3), 3, "review", 5)  # 03:00 today is study day 2026-03-01
    rows = {r.period: r for r in true_retention([early], DAYS)}
    assert rows["today"].young == PassRate() and rows["yesterday"].young == PassRate(1, 1)


def review_card(interval_days: float, suspended: bool = False) -> CardFacts:
    last = at(1)
    memory = Memory("review", None, interval_days, 5.0, last + timedelta(days=interval_days), last)
    return CardFacts(memory, suspended)


def test_cards_by_state_uses_anki_buckets() -> None:
    cards = [
        CardFacts(Memory()),  # new
        CardFacts(Memory()),  # new
        CardFacts(Memory("learning", 0)),  # learning
        CardFacts(Memory("relearning", 0)),  # relearning
        review_card(20.5),  # young: interval 20.5 < 21
        review_card(21),  # mature: 21 ≥ 21
        review_card(50),  # mature
        review_card(50, suspended=True),  # suspended wins over its state
    ]
    assert cards_by_state(cards) == [
        ("new", 2),
        ("learning", 1),
        ("relearning", 1),
        ("young", 1),
        ("mature", 2),
        ("suspended", 1),
    ]


def test_average_retrievability_over_reviewed_cards() -> None:
    scheduler = Scheduler(enable_fuzzing=False)
    # FSRS defines stability as the time for recall to fall to 90%: reviewed S = 10 days ago
    # → R = 0.9; reviewed just now → R = 1.0. New cards are left out. Mean = 0.95.
    ten_ago = Memory("review", None, 10.0, 5.0, NOW, NOW - timedelta(days=10))
    just_now = Memory("review", None, 3.0, 5.0, NOW + timedelta(days=3), NOW)
    average, count = average_retrievability(scheduler, [ten_ago, just_now, Memory()], NOW)
    assert count == 2
    assert average is not None and round(average, 6) == 0.95
    assert average_retrievability(scheduler, [Memory()], NOW) == (None, 0)


def test_deck_retention_over_the_last_30_days() -> None:
    answers = [
        answer(0, 3, 5, deck="B"),  # B pass
        answer(10, 1, 40, deck="B"),  # B fail (young and mature are pooled)
        answer(29, 3, 5, deck="A"),  # A pass: 29 days ago is the window's first day
        answer(30, 1, 5, deck="A"),  # outside the 30 days
        answer(0, 1, 0, state="learning", deck="C"),  # not review-state: C has no row
    ]
    rows = deck_retention(answers, DAYS)
    assert [(r.deck, r.rate) for r in rows] == [("A", PassRate(1, 1)), ("B", PassRate(1, 2))]
    assert rows[1].rate.rate == 0.5


def test_problems_by_category_solved_median_time_and_verdicts() -> None:
    problems = [("two-sum", "arrays"), ("group", "arrays"), ("lru", "design")]
    attempts = [
        AttemptFacts("two-sum", "arrays", "accepted", 10.0, 15),
        AttemptFacts("two-sum", "arrays", "accepted", 20.0, 15),  # solved again: still 1 problem
        AttemptFacts("group", "arrays", "accepted", 40.0, 30),
        AttemptFacts("group", "arrays", "gave_up", 50.0, 30),  # not a solve: no time counted
        AttemptFacts("lru", "design", "open", None, 25),
    ]
    verdicts = [("arrays", "Accepted"), ("arrays", "Wrong Answer"), ("arrays", "Accepted")]
    arrays, design = problems_by_category(problems, attempts, verdicts)
    # arrays: 2 problems, both solved; solve times 10, 20, 40 → median 20; budgets 15, 15, 30
    # → median 15; 4 attempts; verdicts Accepted 2, Wrong Answer 1.
    assert (arrays.category, arrays.problems, arrays.solved, arrays.attempts) == ("arrays", 2, 2, 4)
    assert (arrays.median_minutes, arrays.median_budget) == (20.0, 15.0)
    assert arrays.verdicts == {"Accepted": 2, "Wrong Answer": 1}
    # design: 1 problem, an open attempt only: nothing solved, no median, no verdicts.
    assert (design.problems, design.solved, design.attempts) == (1, 0, 1)
    assert (design.median_minutes, design.median_budget, design.verdicts) == (None, None, {})


def test_funnel_summary_is_the_all_sources_funnel() -> None:
    def moves(*stages: tuple[Stage, int]) -> list[Transition]:
        return [Transition(None, s, at(d)) for s, d in stages]

    histories = [
        ("referral", moves((Stage.APPLIED, 20), (Stage.SCREEN, 10), (Stage.ONSITE, 4))),
        ("site", moves((Stage.APPLIED, 8))),
    ]
    rows = {r.stage: r for r in funnel_summary(histories, NOW)}
    assert all(r.source is None for r in rows.values())
    # Both applied, one advanced (the referral): 1/2; it stayed 20 − 10 = 10 days in `applied`.
    assert (rows[Stage.APPLIED].reached, rows[Stage.APPLIED].advanced) == (2, 1)
    assert rows[Stage.APPLIED].median_days == 10.0
    # screen: reached by the referral alone (the other stopped at applied); it went on.
    assert (rows[Stage.SCREEN].reached, rows[Stage.SCREEN].advanced) == (1, 1)
    assert rows[Stage.SCREEN].median_days == 6.0  # 10 − 4 days
    assert rows[Stage.ONSITE].reached == 1 and rows[Stage.ONSITE].advanced == 0
