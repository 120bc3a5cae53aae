"""Study minutes from the cache of settled days (prep.services.study) always equal a full
read, through sqlite3 and SQLAlchemy, and the summary imports no SQLAlchemy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from prep.app import App
from prep.core.schedule import Grade
from prep.core.study import minutes_by_day
from prep.services import review
from prep.services import study as svc
from prep.services.sync import sync_decks
from prep.store.models import ActivityRow, MockRoundRow
from prep.store.reads import Reader, SessionReader
from prep.store.repo import to_db
from tests.conftest import FakeClock


def add_activity(app: App, *moments: datetime) -> None:
    with app.uow(write=True) as uow:
        uow.session.add_all(ActivityRow(at=to_db(m), source="repl") for m in moments)
        uow.commit()


def add_round(app: App, start: datetime, end: datetime | None, planned: int) -> int:
    with app.uow(write=True) as uow:
        row = MockRoundRow(
            template="phone-screen",
            started_at=to_db(start),
            ended_at=to_db(end),
            planned_minutes=planned,
        )
        uow.session.add(row)
        uow.commit()
        return row.id


def every(start: datetime, end: datetime, minutes: float) -> list[datetime]:
    out, t = [], start
    while t <= end:
        out.append(t)
        t += timedelta(minutes=minutes)
    return out


def full_read(app: App) -> dict[date, float]:
    return minutes_by_day(svc.study_spans(app), app.timezone, app.config.day_starts_at)


def cache_file(app: App) -> Path:
    (path,) = (app.home / "cache").glob("study-spans-*.json")
    return path


def test_minutes_across_the_cut_equal_a_full_read(app: App, clock: FakeClock) -> None:
    """A run of commands and a mock round both cross the cut (11:00 at noon): the cache keeps
    them open and the minutes come out as one read of every row gives them."""
    noon = clock.now  # 2026-03-02 12:00 UTC
    add_activity(app, *every(noon - timedelta(minutes=80), noon - timedelta(minutes=40), 2))
    add_round(app, noon - timedelta(minutes=70), noon - timedelta(minutes=30), 45)
    sync_decks(app)
    review.answer(app, "stats-p-value", Grade.GOOD, at=noon - timedelta(minutes=29))
    add_activity(app, noon - timedelta(minutes=26))
    # commands 10:40-11:20, the round 10:50-11:30, a review at 11:31 and a command at 11:34
    assert svc.study_summary(app).minutes_today == 40 + 10 + 3
    data = json.loads(cache_file(app).read_text())
    assert datetime.fromisoformat(data["cut"]) == noon - timedelta(hours=1)
    assert data["tail"] and data["version"] == svc.CACHE_VERSION
    assert svc.minutes_by_study_day(app) == full_read(app)  # now from the cache
    for hours in (0.5, 1, 2, 30, 1):
        clock.advance(hours=hours)
        add_activity(app, *every(clock.now - timedelta(minutes=50), clock.now, 3))
        assert svc.minutes_by_study_day(app) == full_read(app)
    cache_file(app).unlink()
    assert svc.minutes_by_study_day(app) == full_read(app)


def test_a_damaged_or_older_cache_is_ignored_and_rewritten(app: App, clock: FakeClock) -> None:
    add_activity(app, *every(clock.now - timedelta(hours=5), clock.now, 4))
    expected = full_read(app)
    assert svc.minutes_by_study_day(app) == expected
    path = cache_file(app)
    good = json.loads(path.read_text())
    for damaged in (
        "{not json",
        "[]",
        json.dumps({"version": 2, "boundary": 0, "counts": [0, 0], "spans": []}),
        json.dumps({**good, "minutes": {"2026-03-01": "lots"}}),
        json.dumps({**good, "tail": [1.0]}),
        json.dumps({**good, "zone": "elsewhere"}),
    ):
        path.write_text(damaged)
        assert svc.minutes_by_study_day(app) == expected
        assert json.loads(path.read_text()) == good
    assert [p.name for p in path.parent.iterdir() if "tmp" in p.suffix] == []  # no temp file left


def test_rows_before_the_cut_rebuild_the_cache(app: App, clock: FakeClock) -> None:
    """Rows an import or restore adds before the cut, and a settled round ended since, are
    seen (row counts, timed spans) and the cached minutes rebuilt."""
    add_activity(app, *every(clock.now - timedelta(hours=3), clock.now, 4))
    before = svc.minutes_by_study_day(app)
    old = clock.now - timedelta(days=2)
    add_activity(app, old, old + timedelta(minutes=4))
    after = svc.minutes_by_study_day(app)
    assert after == full_read(app) and after[old.date()] == 4 and after != before
    sync_decks(app)
    review.answer(app, "term-mle", Grade.GOOD, at=old + timedelta(minutes=7))
    assert svc.minutes_by_study_day(app)[old.date()] == 7
    # A round left open counts twice its plan; ending it later changes a settled day.
    started = clock.now - timedelta(days=3)
    round_id = add_round(app, started, None, 30)
    assert svc.minutes_by_study_day(app)[started.date()] == 60
    with app.uow(write=True) as uow:
        uow.session.get_one(MockRoundRow, round_id).ended_at = to_db(
            started + timedelta(minutes=75)
        )
        uow.commit()
    assert svc.minutes_by_study_day(app)[started.date()] == 75
    assert svc.minutes_by_study_day(app) == full_read(app)


def test_a_running_round_holds_the_cut_before_it(app: App, clock: FakeClock) -> None:
    started = clock.now - timedelta(hours=3)
    add_round(app, started, None, 120)  # runs until four hours after it started
    add_activity(app, *every(clock.now - timedelta(hours=6), clock.now, 4))
    for _ in range(3):
        assert svc.minutes_by_study_day(app) == full_read(app)
        assert datetime.fromisoformat(json.loads(cache_file(app).read_text())["cut"]) <= started
        clock.advance(minutes=20)
    clock.advance(hours=2)  # past its cap: settled
    assert svc.minutes_by_study_day(app) == full_read(app)
    assert datetime.fromisoformat(json.loads(cache_file(app).read_text())["cut"]) > started


def test_database_epoch_seconds_are_python_timestamps(app: App, clock: FakeClock) -> None:
    """Moments are turned into seconds by SQL: to the microsecond, at every edge of a second."""
    base = clock.now.replace(second=59) - timedelta(hours=30)
    moments = [
        base + timedelta(microseconds=us) for us in (0, 1, 499_999, 500_000, 999_499, 999_999)
    ]
    add_activity(app, *moments)
    spans = svc.study_spans(app)
    assert [s.start for s in spans] + [spans[-1].end] == moments


def test_the_running_attempt_is_the_latest_open_one(
    app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prep.services import problems
    from tests.integration.test_agenda_reads import write_problems

    monkeypatch.setattr("prep.services.problem_roots.shipped_dir", lambda name: None)
    write_problems(app.home)
    assert svc.running_attempt(app) is None
    problems.open_attempt(app, "p-a")
    clock.advance(minutes=5)
    problems.open_attempt(app, "p-b")
    running = svc.running_attempt(app)
    assert running is not None and (running.problem_id, running.opened_at) == ("p-b", clock.now)
    clock.advance(minutes=7)  # both attempts still count, up to now
    assert svc.minutes_by_study_day(app)[clock.now.date()] == 12
    problems.give_up(app, "p-b")
    assert svc.running_attempt(app) == svc.RunningAttempt(
        "p-a", clock.now - timedelta(minutes=12), running.budget_minutes
    )


@contextmanager
def session_reading(app: App) -> Iterator[Reader]:
    with app.uow() as uow:
        yield SessionReader(uow.session)


def test_sqlalchemy_reads_give_the_same_minutes(
    app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_activity(app, *every(clock.now - timedelta(days=3), clock.now, 97))
    add_round(app, clock.now - timedelta(days=1, minutes=3), None, 20)
    lite = svc.minutes_by_study_day(app)
    monkeypatch.setattr(svc, "reading", session_reading)
    assert svc.minutes_by_study_day(app) == lite  # from the cache lite wrote
    cache_file(app).unlink()
    assert svc.minutes_by_study_day(app) == lite == full_read(app)


SUMMARY = """
import sys
from prep.app import App
from prep.services.study import study_summary
s = study_summary(App.from_env())
print(s.minutes_today > 0, "sqlalchemy" in sys.modules, "prep.store.models" in sys.modules)
"""


def test_the_summary_never_imports_sqlalchemy_on_the_default_collection(
    isolated_env: Path,
) -> None:
    app = App.from_env()
    now = app.now()
    add_activity(app, now - timedelta(minutes=3), now)
    app.engine.dispose()
    env = {**os.environ, "PREP_HOME": str(isolated_env)}
    for _run in range(2):  # writing the cache, then reading it
        out = subprocess.run(
            [sys.executable, "-c", SUMMARY], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.split() == ["True", "False", "False"]
