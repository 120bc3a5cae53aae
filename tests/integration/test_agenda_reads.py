"""The agenda's reads (prep.services.agenda_reads): the same answers through sqlite3 and
SQLAlchemy, and no SQLAlchemy import on the default collection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from prep.app import App
from prep.core.days import day_bounds
from prep.core.errors import NotFoundError
from prep.core.pipeline import Event, Stage
from prep.services import agenda_reads as reads
from prep.services import pipeline
from prep.services import problems as svc
from prep.store import pipeline_reads, pipeline_repo
from prep.store.models import ApplicationRow, AttemptRow, EventRow, ProblemRow
from prep.store.reads import Reader, SessionReader, SqliteReader, lite_reader
from prep.store.repo import to_db
from tests.conftest import FakeClock
from tests.integration.test_sandbox_hostile import PROBLEM_MD, cases

# (folder category, id): folders load in path order, so this is the problems' position order.
PROBLEMS = [
    ("arrays-hashing", "p-a"),
    ("arrays-hashing", "p-b"),
    ("arrays-hashing", "p-c"),
    ("arrays-hashing", "p-d"),
    ("graphs", "p-e"),
]


def write_problems(home: Path) -> None:
    for category, slug in PROBLEMS:
        folder = home / "problems" / category / slug
        folder.mkdir(parents=True)
        text = PROBLEM_MD.replace("id: double-it", f"id: {slug}")
        (folder / "problem.md").write_text(text.replace("arrays-hashing", category))
        (folder / "starter.py").write_text("def double(x):\n    pass\n")
        (folder / "solution.py").write_text("def double(x):\n    return 2 * x\n")
        (folder / "cases.json").write_text(json.dumps(cases()))


@contextmanager
def each_reader(app: App) -> Iterator[list[Reader]]:
    """sqlite3 (on the default collection) and SQLAlchemy readers on the same data."""
    with lite_reader(app) as lite, app.uow() as uow:
        assert (lite is not None) == (app.db_url is None)
        yield [r for r in (lite, SessionReader(uow.session)) if r is not None]


@pytest.fixture
def studied(app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> App:
    """p-b given up today (a review due tomorrow noon, after the 04:00 rollover), p-c
    attempted and solved but still new, p-d a review due yesterday, p-a and p-e untouched."""
    monkeypatch.setattr("prep.services.problem_roots.shipped_dir", lambda name: None)
    write_problems(app.home)
    svc.open_attempt(app, "p-b")
    svc.give_up(app, "p-b")
    opened = svc.open_attempt(app, "p-c")
    with app.uow(write=True) as uow:
        uow.session.get_one(AttemptRow, opened.attempt_id).outcome = "accepted"
        p_d = uow.session.scalars(select(ProblemRow).where(ProblemRow.slug == "p-d")).one()
        p_d.state, p_d.due = "review", to_db(clock.now - timedelta(days=1))
        uow.commit()
    return app


def test_due_problems_are_reviews_by_due_then_new_within_the_daily_limit(
    studied: App, clock: FakeClock
) -> None:
    # One new problem was started today (p-b), so one more new one fits the limit of two.
    assert [p.slug for p in reads.due_problems(studied)] == ["p-d", "p-a"]
    assert [p.slug for p in svc.due_problems(studied)] == ["p-d", "p-a"]
    start, end = day_bounds(clock.now, studied.timezone, studied.config.day_starts_at)
    with each_reader(studied) as readers:
        answers = [reads.read_due_problems(r, start, end) for r in readers]
    assert all(a == answers[0] for a in answers)
    clock.advance(days=1)
    assert [p.slug for p in reads.due_problems(studied)] == ["p-d", "p-b", "p-a", "p-e"]


def test_problem_list_counts_attempts_and_solves_in_folder_order(
    studied: App, clock: FakeClock
) -> None:
    items = {p.slug: p for p in reads.list_problems(studied)}
    assert list(items) == ["p-a", "p-b", "p-c", "p-d", "p-e"]
    assert [(p.attempts, p.solved) for p in items.values()] == [
        (0, False),
        (1, False),
        (1, True),
        (0, False),
        (0, False),
    ]
    assert items["p-b"].state == "review" and items["p-b"].due == clock.now + timedelta(days=1)
    assert [p.slug for p in reads.list_problems(studied, due_only=True)] == ["p-d"]
    clock.advance(days=1)
    # Due today, in folder order (not by due time).
    assert [p.slug for p in reads.list_problems(studied, due_only=True)] == ["p-b", "p-d"]
    assert [p.slug for p in reads.list_problems(studied, "graphs")] == ["p-e"]
    with pytest.raises(NotFoundError, match="no problems in category 'nope'"):
        reads.list_problems(studied, "nope")
    with each_reader(studied) as readers:
        answers = [reads.read_problems(r) for r in readers]
    assert all(a == answers[0] for a in answers) and answers[0] == list(items.values())


@pytest.fixture
def hiring(app: App, clock: FakeClock) -> App:
    """Acme: an onsite in 3 days, a call that ended, one in 10 days; Globex: closed, with an
    interview tomorrow; Initech: next action 2 days late; Hooli: 1 hour late; Umbrella: due
    tomorrow."""
    now = clock.now
    for company in ("Acme", "Globex", "Initech", "Hooli", "Umbrella"):
        pipeline.add_application(app, company, "MLE", slug=company.lower())
    pipeline.add_event(app, "acme", Event("onsite", now + timedelta(days=3), "UTC", 240, ("ml",)))
    pipeline.add_event(app, "acme", Event("recruiter-call", now - timedelta(hours=2), "UTC", 30))
    pipeline.add_event(app, "acme", Event("technical", now + timedelta(days=10), "UTC", 60))
    pipeline.add_event(app, "globex", Event("technical", now + timedelta(days=1), "UTC", 60))
    pipeline.move_application(app, "globex", Stage.REJECTED)
    pipeline.set_next_action(app, "initech", "send availability", now - timedelta(days=2))
    pipeline.set_next_action(app, "hooli", "reply", now - timedelta(hours=1))
    pipeline.set_next_action(app, "umbrella", "prepare", now + timedelta(days=1))
    pipeline.set_next_action(app, "globex", "thank them", now - timedelta(days=5))
    return app


def test_upcoming_interviews_are_active_unended_and_within_the_horizon(
    hiring: App, clock: FakeClock
) -> None:
    got = reads.upcoming_interviews(hiring)
    assert [(a.slug, e.type, e.tags) for a, e in got] == [("acme", "onsite", ("ml",))]
    assert got[0][1].starts_at == clock.now + timedelta(days=3)
    wider = reads.upcoming_interviews(hiring, horizon=timedelta(days=30))
    assert [e.type for _, e in wider] == ["onsite", "technical"]
    # The pipeline's own list keeps closed applications and can include past events.
    assert [e.type for _, e in pipeline.upcoming_events(hiring)] == [
        "technical",
        "onsite",
        "technical",
    ]
    assert len(pipeline.upcoming_events(hiring, include_past=True)) == 4


def test_overdue_actions_are_active_and_most_late_first(hiring: App) -> None:
    got = reads.overdue_actions(hiring)
    assert [(o.application.slug, o.days) for o in got] == [("initech", 2), ("hooli", 1)]
    assert got[0].application.next_action == "send availability"


def test_both_readers_map_rows_like_the_orm(hiring: App) -> None:
    with hiring.uow() as uow:
        s = uow.session
        rows = s.scalars(select(ApplicationRow).order_by(ApplicationRow.id))
        apps = [pipeline_repo.application_of(r) for r in rows]
        events: dict[int, list[Event]] = {}
        for row in s.scalars(select(EventRow).order_by(EventRow.starts_at, EventRow.id)):
            events.setdefault(row.application_id, []).append(pipeline_repo.event_of(row))
    with each_reader(hiring) as readers:
        for reader in readers:
            assert pipeline_reads.applications(reader) == apps
            assert pipeline_reads.events(reader) == events
    assert any(isinstance(r, SqliteReader) for r in readers) == (hiring.db_url is None)


AGENDA_READS = """
import sys
from prep.app import App
import prep.services.problem_roots as problem_roots
problem_roots.shipped_dir = lambda name: None
from prep.services.agenda_reads import due_problems, overdue_actions, upcoming_interviews
from prep.services.cram import cram_summary
app = App.from_env()
print(len(due_problems(app)), len(upcoming_interviews(app)), len(overdue_actions(app)),
      cram_summary(app), "sqlalchemy" in sys.modules, "prep.store.models" in sys.modules)
"""


def test_agenda_reads_never_import_sqlalchemy_on_the_default_collection(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("prep.services.problem_roots.shipped_dir", lambda name: None)
    write_problems(isolated_env)
    app = App.from_env()
    pipeline.add_application(app, "Acme", "MLE")
    pipeline.set_next_action(app, "acme", "reply", app.now() - timedelta(days=1))
    svc.sync_problems(app)
    app.engine.dispose()
    env = {**os.environ, "PREP_HOME": str(isolated_env)}
    out = subprocess.run(
        [sys.executable, "-c", AGENDA_READS], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["2", "0", "1", "[]", "False", "False"]
