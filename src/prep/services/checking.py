"""Judge a solution through the sandbox, and `prep check`: record the verdict, grade the attempt.

This module stays off SQLAlchemy: on the default SQLite collection `prep check` records
through prep.store.lite (see there why), and only falls back to the SQLAlchemy store in
prep.services.problems when that path cannot be used.
"""

from __future__ import annotations

import json
import random
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from prep.app import App
from prep.core.config import Config
from prep.core.errors import NotFoundError, PrepError
from prep.core.judge import Verdict
from prep.core.problem import Case
from prep.core.schedule import Grade, Memory, make_scheduler, review
from prep.sandbox.judging import Judgement, judge
from prep.sandbox.layers import Layers
from prep.sandbox.runner import run_in_sandbox
from prep.services.problem_files import ProblemFiles, load_problem
from prep.services.problem_roots import problems_synced
from prep.store.lite import Closing, OpenAttempt, Submission

if TYPE_CHECKING:
    from fsrs import Scheduler


def judge_source(
    files: ProblemFiles, source: str, cases: list[Case] | None = None, layers: Layers | None = None
) -> Judgement:
    """Run every case (visible first) in the sandbox and judge the results here."""
    import sys

    if sys.platform not in ("linux", "darwin"):
        raise PrepError(
            f"prep check runs solutions only on Linux and macOS (this is {sys.platform}); "
            "there is no sandbox for untrusted code here"
        )
    cases = cases if cases is not None else files.cases()
    p = files.problem
    payload = [{"n": c.number, **c.payload()} for c in cases]
    run = run_in_sandbox(
        source,
        p.entry,
        payload,
        files.limits,
        p.arg_types,
        p.return_type,
        files.needs_numpy,
        layers,
    )
    return judge(run, cases, files.limits, files.compare())


def require_open_slug(slug: str | None) -> str:
    """The open attempt's problem, or the error that says how to start one."""
    if slug is None:
        raise PrepError("no attempt is open: start one with `prep solve [ID]`, or name a problem")
    return slug


def workspace_file(app: App, slug: str) -> Path:
    return app.home / "workspace" / slug / "solution.py"


def problem_scheduler(config: Config) -> Scheduler:
    """Problems are day-granular: no learning steps."""
    return make_scheduler(replace(config, learning_steps=(), relearning_steps=()))


def grade_for(failed_checks: int, hints: int, elapsed_s: float, budget_minutes: int) -> Grade:
    """DESIGN §4: clean and fast → Easy; within budget → Good; struggled → Hard."""
    budget = budget_minutes * 60
    if failed_checks or hints or elapsed_s > budget:
        return Grade.HARD
    return Grade.EASY if elapsed_s <= budget / 2 else Grade.GOOD


def regrade(
    config: Config, rng: random.Random, memory: Memory, grade: Grade, now: datetime, item: int
) -> tuple[Memory, datetime]:
    """The problem's next memory after `grade`, and the time it is logged at (never before
    the last review, so a clock that moved back cannot reorder the log)."""
    if memory.last_review is not None and now < memory.last_review:
        now = memory.last_review
    new = review(problem_scheduler(config), memory, grade, now, item, rng if config.fuzz else None)
    return new, now


class CheckStore(Protocol):
    """Where a check reads the problem and attempt and records its outcome."""

    def latest_open_slug(self) -> str | None: ...
    def problem_path(self, slug: str) -> Path | None: ...
    def write(self) -> AbstractContextManager[None]: ...
    def problem(self, slug: str) -> tuple[int, int, Memory] | None: ...
    def open_attempt(self, problem_id: int) -> OpenAttempt | None: ...
    def add_submission(
        self, problem_id: int, attempt_id: int | None, at: datetime, sub: Submission
    ) -> None: ...
    def count_failed_check(self, attempt_id: int) -> None: ...
    def close_attempt(self, closing: Closing) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class CheckResult:
    slug: str
    judgement: Judgement
    graded: Grade | None
    elapsed_s: float | None
    budget_minutes: int
    attempt_open: bool


def open_check_store(app: App) -> CheckStore:
    """The light SQLite store when it can be used, else the SQLAlchemy one."""
    from prep.store.lite import LiteStore

    lite = LiteStore.open(app.home, app.db_url) if problems_synced(app) else None
    if lite is not None:
        return lite
    from prep.services.problems import OrmCheckStore

    return OrmCheckStore(app)


def check(app: App, slug: str | None, file: Path | None = None) -> CheckResult:
    """Judge the solution; close the open attempt at the first Accepted and grade it."""
    store = open_check_store(app)
    try:
        return _check(app, store, slug, file)
    finally:
        store.close()


def _check(app: App, store: CheckStore, slug: str | None, file: Path | None) -> CheckResult:
    if slug is None:
        slug = require_open_slug(store.latest_open_slug())
    folder = store.problem_path(slug)
    if folder is None:
        raise NotFoundError(f"no problem '{slug}'; see `prep problems` for ids")
    files = load_problem(folder)
    path = file or workspace_file(app, slug)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PrepError(f"{path} does not exist; run `prep solve {slug}` or pass --file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PrepError(f"cannot read {path}: {exc}") from None
    from prep.sandbox.layers import cached_layers

    cache = app.home / "cache"
    judgement = judge_source(files, source, files.cases(cache / "cases"), cached_layers(cache))
    submission = Submission(
        code=source,
        verdict=judgement.verdict.value,
        passed=judgement.passed,
        total=judgement.total,
        cpu_ms=judgement.cpu_ms,
        wall_ms=judgement.wall_ms,
        detail=json.dumps({"case": judgement.failed_case, "message": judgement.message[:2000]}),
    )
    now = app.now()
    with store.write():
        found = store.problem(slug)
        if found is None:
            raise NotFoundError(f"no problem '{slug}'; see `prep problems` for ids")
        problem_id, minutes, memory = found
        attempt = store.open_attempt(problem_id)
        store.add_submission(problem_id, attempt.id if attempt else None, now, submission)
        graded = None
        elapsed = None
        if attempt is not None:
            elapsed = (now - attempt.opened_at).total_seconds()
            if judgement.verdict is Verdict.ACCEPTED:
                graded = grade_for(
                    attempt.failed_checks, attempt.hints_used, elapsed, attempt.budget_minutes
                )
                new, at = regrade(app.config, app.rng, memory, graded, now, problem_id)
                store.close_attempt(
                    Closing(problem_id, attempt.id, "accepted", int(graded), now, memory, new, at)
                )
            else:
                store.count_failed_check(attempt.id)
    return CheckResult(
        slug, judgement, graded, elapsed, minutes, attempt is not None and graded is None
    )
