"""The agenda behind `prep today` and the session header, on hand-made data and a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from prep.app import App
from prep.cli.context import Context
from prep.core.pipeline import Event
from prep.core.schedule import Grade
from prep.render.agenda import agenda_json, agenda_lines
from prep.services import pipeline
from prep.services.agenda import build_agenda
from prep.services.review import answer
from prep.services.study import study_summary
from prep.store.models import ActivityRow, MockRoundRow
from prep.store.repo import to_db
from tests.conftest import FakeClock


@pytest.fixture
def app(session_ctx: Context) -> App:
    """The test App with its decks synced and no shipped problems."""
    return session_ctx.ready()


def add_activity(app: App, *moments: datetime) -> None:
    with app.uow(write=True) as uow:
        uow.session.add_all(ActivityRow(at=to_db(m), source="repl") for m in moments)
        uow.commit()


def test_study_time_counts_repl_activity_reviews_and_mocks(app: App, clock: FakeClock) -> None:
    noon = clock.now  # 2026-03-02 12:00 UTC
    # REPL commands 11:00, 11:04, then a review at 11:07 (3 min), then idle until 11:30
    add_activity(app, noon - timedelta(minutes=60), noon - timedelta(minutes=56))
    answer(app, "stats-p-value", Grade.GOOD, at=noon - timedelta(minutes=53))
    add_activity(app, noon - timedelta(minutes=30))
    # a mock round 11:30-11:50 that overlaps nothing else except the 11:30 moment
    with app.uow(write=True) as uow:
        uow.session.add(
            MockRoundRow(
                template="phone-screen",
                started_at=to_db(noon - timedelta(minutes=30)),
                ended_at=to_db(noon - timedelta(minutes=10)),
                planned_minutes=45,
            )
        )
        uow.commit()
    summary = study_summary(app)
    assert summary.minutes_today == 4 + 3 + 20
    assert (summary.goal_minutes, summary.streak_days, summary.streak_minutes) == (120, 0, 30)


def test_streak_counts_days_meeting_the_minimum(app: App, clock: FakeClock) -> None:
    def session_on(day: datetime) -> None:  # 35 minutes of commands, 5 minutes apart
        add_activity(app, *(day + timedelta(minutes=5 * i) for i in range(8)))

    today = clock.now
    for back in (1, 2, 4):
        session_on(today - timedelta(days=back))
    assert study_summary(app).streak_days == 2  # yesterday and the day before; today not yet
    session_on(today - timedelta(hours=1))
    assert study_summary(app).streak_days == 3


@pytest.mark.parametrize("days", [15, 16, 17, 70, 300])
def test_long_streaks_are_counted_past_the_first_window(
    app: App, clock: FakeClock, days: int
) -> None:
    """The summary reads a few weeks first and widens while the streak reaches the edge."""
    today = clock.now
    for back in range(days):
        start = today - timedelta(days=back, hours=1)
        add_activity(app, *(start + timedelta(minutes=5 * i) for i in range(8)))
    # a gap, then an older run that must not be joined
    for back in range(days + 1, days + 5):
        start = today - timedelta(days=back, hours=1)
        add_activity(app, *(start + timedelta(minutes=5 * i) for i in range(8)))
    assert study_summary(app).streak_days == days


def test_cached_spans_give_the_same_minutes_as_a_full_read(app: App, clock: FakeClock) -> None:
    """Settled days come from a cache; it is extended as days pass and rebuilt when older
    rows appear (an import, a restore), and always agrees with reading everything again."""
    import random

    from prep.core.study import minutes_by_day
    from prep.services.study import minutes_by_study_day, study_spans

    rng = random.Random(3)
    cache_dir = app.home / "cache"

    def per_day(fresh: bool) -> dict[object, float]:
        if fresh:
            for f in cache_dir.glob("study-spans-*.json"):
                f.unlink()
        return dict(minutes_by_study_day(app))

    def full_read() -> dict[object, float]:
        return dict(minutes_by_day(study_spans(app), app.timezone, app.config.day_starts_at))

    for _day in range(12):
        start = clock.now - timedelta(hours=rng.randint(0, 3))
        gaps = [rng.choice([1, 2, 4, 5, 7, 30]) for _ in range(12)]
        add_activity(app, *(start + timedelta(minutes=sum(gaps[:i])) for i in range(12)))
        cached = per_day(fresh=False)
        assert cached == per_day(fresh=True) == full_read()
        assert per_day(fresh=False) == cached  # from the cache just written
        clock.advance(hours=rng.choice([20, 24, 30]))
    assert list(cache_dir.glob("study-spans-*.json"))
    # A backdated row (an import) changes a settled day: the cache is rebuilt.
    old = clock.now - timedelta(days=6)
    before = per_day(fresh=False)
    add_activity(app, old, old + timedelta(minutes=4))
    after = per_day(fresh=False)
    assert after == per_day(fresh=True) == full_read() and after != before
    # A damaged cache is ignored.
    for f in cache_dir.glob("study-spans-*.json"):
        f.write_text("{not json")
    assert per_day(fresh=False) == after


def test_agenda_shows_interviews_and_overdue_actions(app: App, clock: FakeClock) -> None:
    pipeline.add_application(app, "Acme", "ML Engineer", slug="acme")
    pipeline.add_application(app, "Globex", "Data Scientist", slug="globex")
    pipeline.add_application(app, "Initech", "MLE", slug="initech")
    soon = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
    later = datetime(2026, 3, 20, 15, 0, tzinfo=UTC)
    pipeline.add_event(app, "acme", Event("onsite", soon, "UTC", 240, ("statistics", "ml")))
    pipeline.add_event(app, "globex", Event("technical", later, "UTC", 60))
    pipeline.set_next_action(app, "initech", "send availability", clock.now - timedelta(days=2))
    pipeline.set_next_action(app, "globex", "prepare questions", clock.now + timedelta(days=2))
    agenda = build_agenda(app)
    text = "\n".join(agenda_lines(agenda))
    assert "Interviews in the next 7 days:" in text
    assert "Acme · onsite (in 3 days)  [statistics, ml]" in text
    assert "Globex" not in text.split("Overdue actions:")[0].split("Interviews")[1]
    assert "Overdue actions:\n  initech: send availability (2 days late)" in text
    rows = agenda_json(agenda)
    assert [r["kind"] for r in rows] == ["study", "deck", "interview", "cram", "action"]
    cram = rows[3]
    assert cram["application_id"] == "acme" and cram["focus"] == ["statistics", "ml"]
    assert (
        cram["never_studied"] == 6 and cram["cards_below"] == 0
    )  # every sample card is statistics
    assert "Cram: Acme onsite in 3 days: 0 reviewed cards" in text
    assert rows[2] == {
        "kind": "interview",
        "application_id": "acme",
        "company": "Acme",
        "type": "onsite",
        "starts_at": "2026-03-05T15:00:00Z",
        "minutes": 240,
        "tags": ["statistics", "ml"],
    }
    assert rows[4]["overdue_days"] == 2 and rows[4]["application_id"] == "initech"
    assert rows[1] == {"kind": "deck", "deck": "Stats", "learning": 0, "review": 0, "new": 4}
