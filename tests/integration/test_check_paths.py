"""`prep check` records through the light sqlite3 store or through SQLAlchemy; both must leave
exactly the same rows, and the light store is used only when it is safe."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from prep.app import App
from prep.services import checking
from prep.services import problems as svc
from prep.services.problems import OrmCheckStore
from prep.store.lite import LiteStore, Submission, from_text, to_text
from tests.conftest import FakeClock
from tests.integration.test_sandbox_hostile import PROBLEM_MD, cases

TABLES = {
    "submissions": "problem_id, attempt_id, submitted_at, code, verdict, passed, total, detail",
    "attempts": "problem_id, opened_at, closed_at, outcome, grade, hints_used, failed_checks",
    "problem_logs": "problem_id, attempt_id, kind, rating, reviewed_at, prior_state, state, "
    "step, stability, difficulty, due, last_review, reps, lapses",
    "problems": "slug, state, step, stability, difficulty, due, last_review, reps, lapses, "
    "last_log_id",
}


def make_home(root: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    folder = root / "problems" / "arrays-hashing" / "double-it"
    folder.mkdir(parents=True)
    (folder / "problem.md").write_text(PROBLEM_MD)
    (folder / "starter.py").write_text("def double(x):\n    pass\n")
    (folder / "solution.py").write_text("def double(x):\n    return 2 * x\n")
    (folder / "cases.json").write_text(json.dumps(cases()))
    monkeypatch.setattr("prep.services.problem_roots.shipped_dir", lambda name: None)
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    return App(home=root, clock=clock, rng=random.Random(7))


def session(app: App) -> None:
    """Open an attempt, fail once, pass; a day later pass again without an attempt; solve
    again and pass fast."""
    clock = app.clock
    assert isinstance(clock, FakeClock)
    svc.open_attempt(app, "double-it")
    path = svc.workspace_file(app, "double-it")
    path.write_text("def double(x):\n    return x\n")
    clock.advance(minutes=3)
    assert checking.check(app, "double-it").judgement.verdict.value == "Wrong Answer"
    path.write_text("def double(x):\n    return x + x\n")
    clock.advance(minutes=9)
    assert checking.check(app, None).graded is not None
    clock.advance(days=1)
    assert checking.check(app, "double-it").graded is None
    clock.advance(days=3)
    svc.open_attempt(app, "double-it")
    clock.advance(minutes=1)
    assert checking.check(app, "double-it").graded is not None


def rows(app: App) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(app.home / "prep.db")
    try:
        return {
            table: conn.execute(f"SELECT {cols} FROM {table} ORDER BY id").fetchall()
            for table, cols in TABLES.items()
        }
    finally:
        conn.close()


def test_light_and_sqlalchemy_stores_write_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: dict[str, list[str]] = {"lite": [], "orm": []}
    real_open = LiteStore.open

    def lite_open(home: Path, db_url: str | None) -> LiteStore | None:
        store = real_open(home, db_url)
        used["lite"].append("lite" if store is not None else "fallback")
        return store

    monkeypatch.setattr(LiteStore, "open", staticmethod(lite_open))
    fast = make_home(tmp_path / "fast", monkeypatch)
    session(fast)
    # The first check syncs the problem folders through SQLAlchemy; every later one is light.
    assert used["lite"][1:] == ["lite"] * (len(used["lite"]) - 1)
    assert used["lite"].count("lite") >= 3

    monkeypatch.setattr(checking, "open_check_store", lambda app: OrmCheckStore(app), raising=True)
    slow = make_home(tmp_path / "slow", monkeypatch)
    session(slow)

    fast_rows, slow_rows = rows(fast), rows(slow)
    assert fast_rows == slow_rows
    assert len(fast_rows["submissions"]) == 4 and len(fast_rows["problem_logs"]) == 2
    # Datetimes read back through SQLAlchemy the same way.
    with fast.uow() as uow:
        from prep.store.models import ProblemRow

        row = uow.session.query(ProblemRow).one()
        assert row.last_review is not None and row.reps == 2


def test_light_store_is_not_used_when_unsafe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_home(tmp_path / "home", monkeypatch)
    assert LiteStore.open(app.home, None) is None  # no database yet
    svc.sync_problems(app)
    assert checking.problems_synced(app)
    store = LiteStore.open(app.home, None)
    assert store is not None
    store.close()
    assert LiteStore.open(app.home, "sqlite:////elsewhere.db") is None  # --db given
    # A problem folder that changed must be synced first, through SQLAlchemy.
    (app.home / "problems" / "arrays-hashing" / "double-it" / "problem.md").write_text(
        PROBLEM_MD.replace("Double It", "Double It Again")
    )
    assert not checking.problems_synced(app)
    assert isinstance(checking.open_check_store(app), OrmCheckStore)
    # A database at another schema revision is left to the migrating path.
    conn = sqlite3.connect(app.home / "prep.db")
    conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.commit()
    conn.close()
    assert LiteStore.open(app.home, None) is None


def test_light_store_rolls_back_on_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_home(tmp_path / "home", monkeypatch)
    svc.sync_problems(app)
    store = LiteStore.open(app.home, None)
    assert store is not None
    found = store.problem("double-it")
    assert found is not None
    with pytest.raises(RuntimeError), store.write():
        store.add_submission(
            found[0],
            None,
            datetime(2026, 3, 2, tzinfo=UTC),
            Submission("x", "Accepted", 1, 1, 0, 0, "{}"),
        )
        raise RuntimeError("killed mid-write")
    store.close()
    assert rows(app)["submissions"] == []


def test_datetime_text_round_trips() -> None:
    when = datetime(2026, 3, 2, 12, 0, 5, 120, tzinfo=UTC)
    assert to_text(when) == "2026-03-02 12:00:05.000120"
    assert from_text(to_text(when)) == when
    local = when.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert to_text(local) == "2026-03-02 12:00:05.000120"
    assert from_text("2026-03-02 12:00:05") == when.replace(microsecond=0)
    assert to_text(None) is None and from_text(None) is None
    assert to_text(when + timedelta(0)) == to_text(when)
