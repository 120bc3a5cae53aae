"""Mock rounds: templates on disk, planning from the user's bank, saving sections and reports."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from prep.app import App
from prep.core.cram import deck_words
from prep.core.errors import NotFoundError, PrepError
from prep.core.mock import (
    RUBRIC,
    Candidate,
    RoundPlan,
    Template,
    TemplateError,
    expand,
    parse_template,
    plan_round,
    trend,
)
from prep.core.notes import NoteType
from prep.core.pipeline import FOCUS_ALIASES
from prep.sandbox.judging import Judgement
from prep.services.problem_files import ProblemFiles
from prep.store.models import (
    ApplicationRow,
    CardRow,
    MockRoundRow,
    MockSectionRow,
    NoteRow,
    ProblemRow,
)
from prep.store.repo import from_db, to_db, unpack_tags

SHIPPED_ROUNDS = Path(__file__).resolve().parent.parent / "rounds"


def round_files(app: App) -> dict[str, Path]:
    """Template name → file; a file in PREP_HOME/rounds/ overrides the shipped one."""
    files: dict[str, Path] = {}
    for folder in (SHIPPED_ROUNDS, app.home / "rounds"):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                files[path.stem] = path
    return files


def load_template(app: App, name: str) -> Template:
    """The named template with the rounds it is made of expanded; errors name the file."""
    files = round_files(app)
    parsed: dict[str, Template] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in parsed:
            continue
        path = files.get(current)
        if path is None:
            if current == name:
                raise NotFoundError(
                    f"no round template '{name}'; use one of {', '.join(sorted(files))} "
                    f"or add {app.home / 'rounds' / (name + '.toml')}"
                )
            continue  # expand() reports the unknown reference with its file and key
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PrepError(f"cannot read {path}: {exc}") from None
        template = parse_template(text, str(path))
        if template.name != current:
            raise TemplateError(
                f"{path}: name = {template.name!r} but the file is {current}.toml; "
                "make them the same"
            )
        parsed[current] = template
        todo += [s.round for s in template.sections if s.round is not None]
    return expand(parsed[name], parsed)


def template_names(app: App) -> list[str]:
    return sorted(round_files(app))


def pools(app: App) -> dict[str, list[Candidate]]:
    """What each kind of section can draw from: problems, concept cards, behavioral cards."""
    from prep.services.problems import sync_problems

    sync_problems(app)
    out: dict[str, list[Candidate]] = {"coding": [], "concepts": [], "behavioral": []}
    with app.uow() as uow:
        s = uow.session
        for p in s.scalars(select(ProblemRow).where(ProblemRow.available.is_(True))):
            words = frozenset({p.category, *unpack_tags(p.tags)})
            out["coding"].append(Candidate(p.slug, words, p.level))
        rows = s.execute(
            select(CardRow.key, NoteRow.type, NoteRow.tags, NoteRow.deck)
            .join(NoteRow, CardRow.note_pk == NoteRow.id)
            .where(CardRow.active.is_(True))
        )
        for key, note_type, tags, deck in rows:
            words = frozenset({*unpack_tags(tags), *deck_words(deck)})
            kind = "behavioral" if note_type == NoteType.BEHAVIORAL.value else "concepts"
            out[kind].append(Candidate(key, words))
    return out


@dataclass(frozen=True)
class Round:
    id: int
    plan: RoundPlan
    application: str | None
    started_at: datetime


def start_round(
    app: App, name: str, for_ref: str | None = None, minutes: float | None = None
) -> Round:
    """Plan a round from the user's bank and record it as started now."""
    template = load_template(app, name)
    plan = plan_round(template, pools(app), app.rng, FOCUS_ALIASES, minutes)
    now = app.now()
    with app.uow(write=True) as uow:
        s = uow.session
        application_id = None
        if for_ref is not None:
            from prep.store.pipeline_repo import find_application

            application = find_application(s, for_ref)
            application_id, for_ref = application.id, application.slug
        row = MockRoundRow(
            template=plan.template,
            application_id=application_id,
            started_at=to_db(now),
            planned_minutes=round(plan.seconds / 60),
            scores="{}",
            report=json.dumps({"title": plan.title, "planned_seconds": plan.seconds}),
        )
        s.add(row)
        s.flush()
        for position, section in enumerate(plan.sections):
            s.add(
                MockSectionRow(
                    round_id=row.id,
                    position=position,
                    kind=section.spec.kind,
                    title=section.spec.title[:200],
                    planned_minutes=round(section.seconds / 60),
                    result=json.dumps({"planned_seconds": section.seconds, "items": []}),
                )
            )
        uow.commit()
        return Round(row.id, plan, for_ref, now)


def _section(s: Any, round_id: int, position: int) -> MockSectionRow:
    row = s.scalars(
        select(MockSectionRow).where(
            MockSectionRow.round_id == round_id, MockSectionRow.position == position
        )
    ).first()
    if row is None:
        raise NotFoundError(f"mock round {round_id} has no section {position + 1}")
    return row  # type: ignore[no-any-return]


def start_section(app: App, round_id: int, position: int) -> datetime:
    now = app.now()
    with app.uow(write=True) as uow:
        _section(uow.session, round_id, position).started_at = to_db(now)
        uow.commit()
    return now


def finish_section(app: App, round_id: int, position: int, result: dict[str, Any]) -> None:
    """Save what happened in a section (items, seconds used, whether time ran out)."""
    with app.uow(write=True) as uow:
        row = _section(uow.session, round_id, position)
        row.ended_at = to_db(app.now())
        row.result = json.dumps(result)
        uow.commit()


def prepare_coding(app: App, slug: str) -> tuple[ProblemFiles, Path, Path | None]:
    """Put a fresh starter in the workspace; an earlier draft is kept beside it."""
    from prep.services.problems import problem_files, workspace_file

    files = problem_files(app, slug)
    path = workspace_file(app, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    starter = files.starter.read_text(encoding="utf-8")
    kept = None
    if path.exists() and path.read_text(encoding="utf-8") != starter:
        kept = path.with_name("solution.before-mock.py")
        path.replace(kept)
    path.write_text(starter, encoding="utf-8")
    return files, path, kept


def check_coding(app: App, files: ProblemFiles, path: Path) -> Judgement:
    """Judge the workspace file in the sandbox (no FSRS grade: a mock is not an attempt)."""
    from prep.sandbox.layers import cached_layers
    from prep.services.checking import judge_source

    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PrepError(f"cannot read {path}: {exc}") from None
    cache = app.home / "cache"
    return judge_source(files, source, files.cases(cache / "cases"), cached_layers(cache))


@dataclass(frozen=True)
class Report:
    round_id: int
    template: str
    title: str
    application: str | None
    started_at: datetime
    ended_at: datetime | None
    planned_seconds: int
    used_seconds: int
    scores: dict[str, int]
    sections: list[dict[str, Any]]

    @property
    def total(self) -> int:
        return sum(self.scores.values())


def finish_round(app: App, round_id: int, scores: dict[str, int]) -> Report:
    """Record the rubric self-scores (1–4 each) and close the round."""
    bad = [k for k in RUBRIC if not 1 <= scores.get(k, 0) <= 4]
    if bad:
        raise PrepError(f"rubric score '{bad[0]}' must be 1-4")
    with app.uow(write=True) as uow:
        row = uow.session.get(MockRoundRow, round_id)
        if row is None:
            raise NotFoundError(f"no mock round {round_id}")
        row.ended_at = to_db(app.now())
        row.scores = json.dumps({k: scores[k] for k in RUBRIC})
        uow.commit()
    return report(app, round_id)


def report(app: App, round_id: int) -> Report:
    with app.uow() as uow:
        s = uow.session
        row = s.get(MockRoundRow, round_id)
        if row is None:
            raise NotFoundError(f"no mock round {round_id}; see `prep mock history`")
        return _report(s, row, _slugs(s))


def _slugs(s: Any) -> dict[int, str]:
    return {i: slug for i, slug in s.execute(select(ApplicationRow.id, ApplicationRow.slug))}


def _report(s: Any, row: MockRoundRow, slugs: dict[int, str]) -> Report:
    sections = []
    used = 0
    for sec in s.scalars(
        select(MockSectionRow)
        .where(MockSectionRow.round_id == row.id)
        .order_by(MockSectionRow.position)
    ):
        result = json.loads(sec.result or "{}")
        used += int(result.get("used_seconds", 0))
        sections.append({"position": sec.position + 1, "kind": sec.kind, "title": sec.title,
                         **result})  # fmt: skip
    meta = json.loads(row.report or "{}")
    return Report(
        row.id,
        row.template,
        str(meta.get("title", row.template)),
        slugs.get(row.application_id) if row.application_id is not None else None,
        from_db(row.started_at) or row.started_at,
        from_db(row.ended_at),
        int(meta.get("planned_seconds", row.planned_minutes * 60)),
        used,
        json.loads(row.scores or "{}"),
        sections,
    )


def history(app: App, for_ref: str | None = None) -> tuple[list[Report], str]:
    """Finished rounds, oldest first, and the trend of their rubric totals."""
    with app.uow() as uow:
        s = uow.session
        query = (
            select(MockRoundRow)
            .where(MockRoundRow.ended_at.is_not(None))
            .order_by(MockRoundRow.started_at, MockRoundRow.id)
        )
        if for_ref is not None:
            from prep.store.pipeline_repo import find_application

            query = query.where(MockRoundRow.application_id == find_application(s, for_ref).id)
        slugs = _slugs(s)
        reports = [_report(s, r, slugs) for r in s.scalars(query)]
    return reports, trend([r.total for r in reports if r.scores])
