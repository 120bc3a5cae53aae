"""Coding problems as FSRS items: sync, queue, attempts, checks, hints, give-ups (DESIGN §4)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.errors import NotFoundError, PrepError
from prep.core.problem import Case, make_case
from prep.core.schedule import NEW, Grade, Memory

# The problem list and today's problems live in agenda_reads (no SQLAlchemy); re-exported.
from prep.services.agenda_reads import NEW_PROBLEMS_PER_DAY as NEW_PROBLEMS_PER_DAY
from prep.services.agenda_reads import ProblemItem as ProblemItem
from prep.services.agenda_reads import due_problems as due_problems
from prep.services.agenda_reads import list_problems as list_problems
from prep.services.checking import CheckResult as CheckResult
from prep.services.checking import check as check
from prep.services.checking import grade_for as grade_for
from prep.services.checking import regrade, require_open_slug
from prep.services.checking import workspace_file as workspace_file
from prep.services.problem_files import ProblemFiles, load_all, load_problem
from prep.services.problem_roots import fingerprint, problem_roots, sync_marker
from prep.store.lite import Closing, OpenAttempt, Submission
from prep.store.models import AttemptRow, ProblemLogRow, ProblemRow, SubmissionRow
from prep.store.repo import from_db, memory_of, pack_tags, store_memory, to_db


def sync_problems(app: App) -> list[str]:
    """Load problem metadata into the collection when the folders changed; return problems."""
    roots = problem_roots(app)
    stamp = fingerprint(roots)
    marker = sync_marker(app)
    if app.db_url is None and marker.exists() and marker.read_text() == stamp:
        return []
    loaded, errors = load_all(roots)
    with app.uow(write=True) as uow:
        s = uow.session
        rows = {r.slug: r for r in s.scalars(select(ProblemRow))}
        for position, files in enumerate(loaded):
            p = files.problem
            row = rows.get(p.id)
            if row is None:
                row = ProblemRow(slug=p.id, state=NEW, reps=0, lapses=0)
                s.add(row)
            row.title, row.category, row.level, row.minutes = (
                p.title,
                p.category,
                p.difficulty,
                p.minutes,
            )
            row.tags, row.path, row.available, row.position = (
                pack_tags(p.tags),
                str(files.folder),
                True,
                position,
            )
        present = {f.problem.id for f in loaded}
        for slug, row in rows.items():
            if slug not in present:
                row.available = False
        uow.commit()
    if not errors:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(stamp)
    return errors


def problem_files(app: App, slug: str) -> ProblemFiles:
    sync_problems(app)
    with app.uow() as uow:
        row = _row(uow.session, slug)
        folder = Path(row.path)
    return load_problem(folder)


def _row(s: Session, slug: str, lock: bool = False) -> ProblemRow:
    query = select(ProblemRow).where(ProblemRow.slug == slug.strip())
    if lock:
        query = query.with_for_update()
    row = s.scalars(query).first()
    if row is None or not row.available:
        raise NotFoundError(f"no problem '{slug}'; see `prep problems` for ids")
    return row


@dataclass(frozen=True)
class Opened:
    slug: str
    path: Path
    attempt_id: int
    resumed: bool
    files: ProblemFiles


def open_attempt(app: App, slug: str | None) -> Opened:
    """Start (or resume) an attempt; the starter goes to the workspace unless a draft exists."""
    if slug is None:
        todo = due_problems(app)
        if not todo:
            raise PrepError(
                "no problem is due today; pick one with `prep solve ID` (see `prep problems`)"
            )
        slug = todo[0].slug
    else:
        sync_problems(app)
    files = problem_files(app, slug)
    path = workspace_file(app, slug)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files.starter.read_text(encoding="utf-8"), encoding="utf-8")
    with app.uow(write=True) as uow:
        row = _row(uow.session, slug, lock=True)
        current = _open_attempt(uow.session, row.id)
        if current is not None:
            return Opened(slug, path, current.id, True, files)
        attempt = AttemptRow(
            problem_id=row.id,
            opened_at=to_db(app.now()),
            outcome="open",
            hints_used=0,
            failed_checks=0,
            budget_minutes=row.minutes,
        )
        uow.session.add(attempt)
        uow.session.flush()
        uow.commit()
        return Opened(slug, path, attempt.id, False, files)


def _open_attempt(s: Session, problem_id: int) -> AttemptRow | None:
    return s.scalars(
        select(AttemptRow)
        .where(AttemptRow.problem_id == problem_id, AttemptRow.outcome == "open")
        .order_by(AttemptRow.id.desc())
    ).first()


def latest_open_slug(app: App) -> str:
    return require_open_slug(_open_slug(app))


def _open_slug(app: App) -> str | None:
    """The problem of the most recently opened attempt still open."""
    with app.uow() as uow:
        row = uow.session.execute(
            select(ProblemRow.slug)
            .join(AttemptRow, AttemptRow.problem_id == ProblemRow.id)
            .where(AttemptRow.outcome == "open")
            .order_by(AttemptRow.opened_at.desc())
        ).first()
    return None if row is None else str(row[0])


def _close(
    app: App,
    s: Session,
    row: ProblemRow,
    attempt: AttemptRow,
    outcome: str,
    grade: Grade,
    now: datetime,
) -> Memory:
    memory = memory_of(row)
    new, at = regrade(app.config, app.rng, memory, grade, now, row.id)
    _record_close(
        s, row, attempt, Closing(row.id, attempt.id, outcome, int(grade), now, memory, new, at)
    )
    return new


def _record_close(s: Session, row: ProblemRow, attempt: AttemptRow, c: Closing) -> None:
    attempt.outcome, attempt.grade, attempt.closed_at = c.outcome, c.grade, to_db(c.closed_at)
    log = ProblemLogRow(
        problem_id=row.id,
        attempt_id=attempt.id,
        kind="review",
        rating=c.grade,
        reviewed_at=to_db(c.reviewed_at),
        prior_state=c.prior.state,
    )
    store_memory(log, c.new)
    s.add(log)
    s.flush()
    store_memory(row, c.new)
    row.last_log_id = log.id


class OrmCheckStore:
    """`prep check`'s store on SQLAlchemy: PostgreSQL, first runs, changed problem folders."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        assert self._session is not None, "inside write() only"
        return self._session

    def latest_open_slug(self) -> str | None:
        return _open_slug(self.app)

    def problem_path(self, slug: str) -> Path | None:
        sync_problems(self.app)
        with self.app.uow() as uow:
            try:
                return Path(_row(uow.session, slug).path)
            except NotFoundError:
                return None

    @contextmanager
    def write(self) -> Iterator[None]:
        with self.app.uow(write=True) as uow:
            self._session = uow.session
            try:
                yield
                uow.commit()
            finally:
                self._session = None

    def problem(self, slug: str) -> tuple[int, int, Memory] | None:
        try:
            row = _row(self.session, slug, lock=True)
        except NotFoundError:
            return None
        return row.id, row.minutes, memory_of(row)

    def open_attempt(self, problem_id: int) -> OpenAttempt | None:
        a = _open_attempt(self.session, problem_id)
        if a is None:
            return None
        opened = from_db(a.opened_at)
        assert opened is not None
        return OpenAttempt(a.id, opened, a.failed_checks, a.hints_used, a.budget_minutes)

    def add_submission(
        self, problem_id: int, attempt_id: int | None, at: datetime, sub: Submission
    ) -> None:
        self.session.add(
            SubmissionRow(
                problem_id=problem_id,
                attempt_id=attempt_id,
                submitted_at=to_db(at),
                code=sub.code,
                verdict=sub.verdict,
                passed=sub.passed,
                total=sub.total,
                cpu_ms=sub.cpu_ms,
                wall_ms=sub.wall_ms,
                detail=sub.detail,
            )
        )

    def count_failed_check(self, attempt_id: int) -> None:
        self.session.get_one(AttemptRow, attempt_id).failed_checks += 1

    def close_attempt(self, closing: Closing) -> None:
        s = self.session
        row = s.get_one(ProblemRow, closing.problem_id)
        attempt = s.get_one(AttemptRow, closing.attempt_id)
        _record_close(s, row, attempt, closing)

    def close(self) -> None:
        pass


def give_up(app: App, slug: str | None) -> tuple[str, Memory | None]:
    """Close the open attempt as a give-up (graded Again)."""
    slug = slug or latest_open_slug(app)
    with app.uow(write=True) as uow:
        row = _row(uow.session, slug, lock=True)
        attempt = _open_attempt(uow.session, row.id)
        if attempt is None:
            return slug, None
        memory = _close(app, uow.session, row, attempt, "gave_up", Grade.AGAIN, app.now())
        uow.commit()
        return slug, memory


def next_hint(app: App, slug: str | None) -> tuple[str, int, int, str]:
    """The next hint of the open attempt (opening one if needed); recorded on the attempt."""
    slug = slug or latest_open_slug(app)
    opened = open_attempt(app, slug)
    hints = opened.files.problem.hints
    with app.uow(write=True) as uow:
        attempt = uow.session.get_one(AttemptRow, opened.attempt_id)
        index = min(attempt.hints_used, len(hints) - 1)
        if attempt.hints_used < len(hints):
            attempt.hints_used += 1
        uow.commit()
    return slug, index + 1, len(hints), hints[index]


def run_custom(app: App, slug: str, args_json: str, file: Path | None = None) -> dict[str, Any]:
    """Run the user's solution on custom arguments (no verdict)."""
    from prep.core.judge import decode
    from prep.sandbox.runner import run_in_sandbox

    try:
        args = json.loads(args_json)
    except json.JSONDecodeError as exc:
        raise PrepError(
            f"--args is not valid JSON ({exc.msg}); write e.g. --args '[[1, 2, 3], 4]'"
        ) from None
    files = problem_files(app, slug)
    p = files.problem
    key = "calls" if p.kind == "class" else "args"
    if not isinstance(args, list):
        raise PrepError(
            "--args must be a JSON list of "
            + ("the calls" if key == "calls" else "the positional arguments")
        )
    case: Case = make_case(
        {key: args, "expected": [None] * len(args) if key == "calls" else None},
        "--args",
        p.kind,
        1,
        True,
    )
    path = file or workspace_file(app, slug)
    if not path.exists():
        raise PrepError(f"{path} does not exist; run `prep solve {slug}` or pass --file")
    run = run_in_sandbox(
        path.read_text(encoding="utf-8"),
        p.entry,
        [{"n": 1, **case.payload()}],
        files.limits,
        p.arg_types,
        p.return_type,
        files.needs_numpy,
    )
    result: dict[str, Any] = {
        "stdout": run.stdout.decode("utf-8", "replace")[-4000:],
        "cpu_ms": run.solution_cpu_ms,
    }
    for frame in run.frames:
        if frame.get("t") in ("compile", "load"):
            result["error"] = frame.get("error")
        if frame.get("t") == "case":
            if frame.get("ok"):
                result["value"] = decode(frame.get("value"))
            else:
                result["error"] = frame.get("error")
    if "value" not in result and "error" not in result:
        result["error"] = "the solution produced no result (it exited, crashed or ran out of time)"
    return result


def reference_solution(app: App, slug: str) -> tuple[str, Memory | None]:
    """The reference solution; viewing it closes an open attempt as a give-up."""
    files = problem_files(app, slug)
    _, memory = give_up(app, slug)
    return files.solution.read_text(encoding="utf-8"), memory
