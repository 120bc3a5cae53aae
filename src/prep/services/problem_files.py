"""Load problem folders from disk: statement, cases (plus trusted generated ones), checker."""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prep.core.errors import PrepError
from prep.core.judge import comparator
from prep.core.problem import Case, Problem, ProblemError, make_case, parse_cases, parse_problem_md
from prep.sandbox.runner import Limits

REQUIRED = ("problem.md", "starter.py", "solution.py", "cases.json")


@dataclass(frozen=True)
class ProblemFiles:
    problem: Problem
    folder: Path

    @property
    def starter(self) -> Path:
        return self.folder / "starter.py"

    @property
    def solution(self) -> Path:
        return self.folder / "solution.py"

    @property
    def slow(self) -> Path | None:
        path = self.folder / "slow.py"
        return path if path.exists() else None

    @property
    def needs_numpy(self) -> bool:
        return self.problem.category in ("ml", "stats") or "ndarray" in (
            *self.problem.arg_types,
            self.problem.return_type,
        )

    @property
    def limits(self) -> Limits:
        return Limits(cpu_ms=self.problem.time_limit_ms, memory_mb=self.problem.memory_mb)

    def cases(self, cache_dir: Path | None = None) -> list[Case]:
        """Visible then hidden cases, with gen.py's generated cases appended to the hidden ones.

        Generated cases are deterministic, so they may be cached (keyed by gen.py and seed).
        """
        path = self.folder / "cases.json"
        cases = parse_cases(path.read_text(encoding="utf-8"), str(path), self.problem.kind)
        gen = self.folder / "gen.py"
        if gen.exists():
            extra = self._generated(gen, cache_dir)
            for i, item in enumerate(extra):
                cases.append(
                    make_case(item, f"{gen}: case {i}", self.problem.kind, len(cases) + 1, False)
                )
        return cases

    def _generated(self, gen: Path, cache_dir: Path | None) -> list[Any]:
        import hashlib
        import json

        cached = None
        if cache_dir is not None:
            key = hashlib.sha256(gen.read_bytes() + str(self.problem.seed).encode()).hexdigest()[
                :16
            ]
            cached = cache_dir / f"{self.problem.id}-{key}.json"
            try:
                data = json.loads(cached.read_text(encoding="utf-8"))
                if isinstance(data, list):
                    return data
            except (OSError, ValueError):
                pass
        module = _load_module(gen, f"prep_gen_{self.problem.id.replace('-', '_')}")
        generate = getattr(module, "generate", None)
        if not callable(generate):
            raise ProblemError(str(gen), "defines no generate(rng) function")
        extra = generate(random.Random(self.problem.seed))
        if not isinstance(extra, list):
            raise ProblemError(str(gen), "generate(rng) must return a list of cases")
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(".tmp")
                tmp.write_text(json.dumps(extra), encoding="utf-8")
                tmp.replace(cached)
            except (OSError, TypeError, ValueError):
                pass
        return extra

    def compare(self) -> Callable[[Any, Any, Any], bool]:
        checker = None
        if self.problem.compare == "checker":
            path = self.folder / "checker.py"
            if not path.exists():
                raise ProblemError(
                    str(self.folder / "problem.md"),
                    "compare is 'checker' but checker.py is missing",
                )
            module = _load_module(path, f"prep_checker_{self.problem.id.replace('-', '_')}")
            checker = getattr(module, "check", None)
            if not callable(checker):
                raise ProblemError(str(path), "defines no check(args, expected, actual) function")
        return comparator(self.problem.compare, self.problem.rtol, self.problem.atol, checker)


def load_problem(folder: Path) -> ProblemFiles:
    """One problem folder; raises ProblemError naming the file and what is wrong."""
    for name in REQUIRED:
        if not (folder / name).is_file():
            raise ProblemError(str(folder), f"{name} is missing")
    md = folder / "problem.md"
    try:
        text = md.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemError(str(md), f"cannot read ({exc})") from None
    problem = parse_problem_md(text, str(md), folder.name, folder.parent.name)
    return ProblemFiles(problem, folder)


def problem_folders(roots: list[Path]) -> list[Path]:
    out = []
    for root in roots:
        if not root.is_dir():
            continue
        for category in sorted(
            p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
        ):
            out += sorted(
                p for p in category.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
            )
    return out


def load_all(roots: list[Path]) -> tuple[list[ProblemFiles], list[str]]:
    """Every problem under the roots; malformed ones are reported and skipped."""
    loaded, errors = [], []
    seen: dict[str, Path] = {}
    for folder in problem_folders(roots):
        try:
            files = load_problem(folder)
        except PrepError as exc:
            errors.append(str(exc))
            continue
        if files.problem.id in seen:
            errors.append(
                f"{folder}: problem id '{files.problem.id}' is also used by "
                f"{seen[files.problem.id]}"
            )
            continue
        seen[files.problem.id] = folder
        loaded.append(files)
    return loaded, errors


def _load_module(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ProblemError(str(path), "cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise ProblemError(str(path), f"fails to load: {type(exc).__name__}: {exc}") from None
    return module
