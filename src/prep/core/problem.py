"""Coding problems (DESIGN §4): front matter, statement, hints and cases. Text in, objects out."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from prep.core.errors import PrepError

CATEGORIES = (
    "arrays-hashing", "two-pointers", "sliding-window", "stack", "binary-search", "linked-list",
    "trees", "tries", "heap", "backtracking", "graphs", "advanced-graphs", "dp-1d", "dp-2d",
    "greedy", "intervals", "math-geometry", "bit-manipulation", "ml", "stats",
)  # fmt: skip
LEVELS = ("easy", "medium", "hard")
KINDS = ("function", "class")
COMPARES = ("exact", "approx", "unordered", "checker")
TYPES = ("list_node", "tree", "ndarray", "any")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
KEYS = {
    "id", "title", "difficulty", "minutes", "category", "tags", "kind", "entry", "compare",
    "rtol", "atol", "time_limit_ms", "memory_mb", "types", "seed",
}  # fmt: skip


class ProblemError(PrepError):
    """A problem folder is malformed: names the file, the field and what is wrong."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True)
class Case:
    """One test: `args` for a function, `calls` for a class; `expected` stays in the parent."""

    number: int
    visible: bool
    expected: Any
    args: list[Any] | None = None
    calls: list[list[Any]] | None = None

    def payload(self) -> dict[str, Any]:
        """What the child may see: the inputs only."""
        return {"args": self.args} if self.calls is None else {"calls": self.calls}


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    difficulty: str
    minutes: int
    category: str
    kind: str
    entry: str
    statement: str
    hints: tuple[str, ...]
    tags: tuple[str, ...] = ()
    compare: str = "exact"
    rtol: float = 1e-6
    atol: float = 1e-9
    time_limit_ms: int = 2000
    memory_mb: int = 512
    arg_types: tuple[str, ...] = ()
    return_type: str = "any"
    seed: int = 0
    path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def parse_problem_md(text: str, path: str, folder_slug: str, folder_category: str) -> Problem:
    """problem.md -> Problem (without cases). Raises ProblemError naming the field."""
    lines = text.removeprefix("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise ProblemError(path, "must start with YAML front matter between '---' lines")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise ProblemError(path, "front matter is never closed by a '---' line")
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise ProblemError(path, f"front matter is not valid YAML ({exc})") from None
    if not isinstance(meta, dict):
        raise ProblemError(path, "front matter must be a mapping")
    unknown = sorted(set(map(str, meta)) - KEYS)
    if unknown:
        raise ProblemError(
            path, f"unknown field(s) {', '.join(unknown)} (allowed: {', '.join(sorted(KEYS))})"
        )
    body = "\n".join(lines[end + 1 :]).strip()
    statement, hints = _split_hints(body, path)

    def need(key: str, kind: type, choices: tuple[str, ...] | None = None) -> Any:
        if key not in meta:
            raise ProblemError(path, f"field '{key}' is missing")
        value = meta[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ProblemError(path, f"field '{key}' must be a {kind.__name__}, got {value!r}")
        if choices and value not in choices:
            raise ProblemError(path, f"field '{key}' is {value!r}; use one of {', '.join(choices)}")
        return value

    pid = need("id", str)
    if pid != folder_slug or not SLUG.fullmatch(pid):
        raise ProblemError(
            path, f"field 'id' is {pid!r}; it must equal the folder name {folder_slug!r}"
        )
    category = need("category", str, CATEGORIES)
    if category != folder_category:
        raise ProblemError(
            path, f"field 'category' is {category!r} but the folder is {folder_category!r}"
        )
    minutes = need("minutes", int)
    if not 1 <= minutes <= 240:
        raise ProblemError(path, f"field 'minutes' is {minutes}; use 1 to 240")
    entry = need("entry", str)
    if not entry.isidentifier():
        raise ProblemError(path, f"field 'entry' is {entry!r}; it must be a Python name")
    tags = meta.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ProblemError(path, "field 'tags' must be a list such as [hash-map, arrays]")
    compare = meta.get("compare", "exact")
    if compare not in COMPARES:
        raise ProblemError(
            path, f"field 'compare' is {compare!r}; use one of {', '.join(COMPARES)}"
        )
    arg_types, return_type = _types(meta.get("types"), path)
    limits: dict[str, int] = {}
    for key, default, lo, hi in (("time_limit_ms", 2000, 50, 60000), ("memory_mb", 512, 32, 4096)):
        limit = meta.get(key, default)
        if not isinstance(limit, int) or isinstance(limit, bool) or not lo <= limit <= hi:
            raise ProblemError(
                path, f"field '{key}' is {limit!r}; use a whole number from {lo} to {hi}"
            )
        limits[key] = limit
    tolerances: dict[str, float] = {}
    for key, fallback in (("rtol", 1e-6), ("atol", 1e-9)):
        tol: Any = meta.get(key, fallback)
        if isinstance(tol, str):
            try:
                tol = float(tol)  # YAML reads 1e-6 (no dot) as a string
            except ValueError:
                pass
        if not isinstance(tol, int | float) or isinstance(tol, bool) or tol < 0:
            raise ProblemError(path, f"field '{key}' is {tol!r}; use a non-negative number")
        tolerances[key] = float(tol)
    seed = meta.get("seed", 0)
    if not isinstance(seed, int):
        raise ProblemError(path, f"field 'seed' is {seed!r}; use a whole number")
    return Problem(
        id=pid,
        title=need("title", str),
        difficulty=need("difficulty", str, LEVELS),
        minutes=minutes,
        category=category,
        kind=need("kind", str, KINDS),
        entry=entry,
        statement=statement,
        hints=hints,
        tags=tuple(tags),
        compare=compare,
        rtol=tolerances["rtol"],
        atol=tolerances["atol"],
        time_limit_ms=limits["time_limit_ms"],
        memory_mb=limits["memory_mb"],
        arg_types=arg_types,
        return_type=return_type,
        seed=seed,
        path=path,
    )


def _split_hints(body: str, path: str) -> tuple[str, tuple[str, ...]]:
    match = re.search(r"^## Hints\s*$", body, re.MULTILINE)
    if match is None:
        raise ProblemError(path, "has no '## Hints' section; add one with a list of hints")
    statement = body[: match.start()].strip()
    hints: list[str] = []
    for line in body[match.end() :].strip().splitlines():
        if re.match(r"^\s*(?:[-*]|\d+\.)\s+", line):
            hints.append(re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line))
        elif line.strip() and hints:
            hints[-1] += " " + line.strip()
        elif line.strip().startswith("## "):
            break
    if not hints:
        raise ProblemError(path, "the '## Hints' section has no list items ('- hint')")
    if not statement:
        raise ProblemError(path, "the statement before '## Hints' is empty")
    return statement, tuple(hints)


def _types(value: Any, path: str) -> tuple[tuple[str, ...], str]:
    if value is None:
        return (), "any"
    if not isinstance(value, dict) or set(value) - {"args", "returns"}:
        raise ProblemError(
            path, "field 'types' must look like {args: [list_node, any], returns: tree}"
        )
    args = value.get("args", [])
    ret = value.get("returns", "any")
    if not isinstance(args, list) or any(a not in TYPES for a in args) or ret not in TYPES:
        raise ProblemError(path, f"field 'types' may only use {', '.join(TYPES)}")
    return tuple(args), ret


def parse_cases(text: str, path: str, kind: str) -> list[Case]:
    """cases.json -> visible cases then hidden ones, numbered from 1."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemError(path, f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or set(data) - {"visible", "hidden"}:
        raise ProblemError(path, 'must be an object {"visible": [...], "hidden": [...]}')
    cases: list[Case] = []
    for group in ("visible", "hidden"):
        items = data.get(group, [])
        if not isinstance(items, list):
            raise ProblemError(path, f"'{group}' must be a list of cases")
        for i, item in enumerate(items):
            cases.append(
                make_case(item, f"{path}: {group}[{i}]", kind, len(cases) + 1, group == "visible")
            )
    if not any(c.visible for c in cases):
        raise ProblemError(path, "needs at least one visible case")
    return cases


def make_case(item: Any, where: str, kind: str, number: int, visible: bool) -> Case:
    if not isinstance(item, dict) or "expected" not in item:
        raise PrepError(f"{where}: a case is an object with 'expected'")
    if kind == "function":
        if set(item) != {"args", "expected"} or not isinstance(item["args"], list):
            raise PrepError(f'{where}: a function case is {{"args": [...], "expected": value}}')
        return Case(number, visible, item["expected"], args=item["args"])
    calls = item.get("calls")
    if set(item) != {"calls", "expected"} or not isinstance(calls, list) or not calls:
        raise PrepError(
            f'{where}: a class case is {{"calls": [["Cls", [args]], ...], "expected": [...]}}'
        )
    for call in calls:
        if not (
            isinstance(call, list)
            and len(call) == 2
            and isinstance(call[0], str)
            and isinstance(call[1], list)
        ):
            raise PrepError(f'{where}: each call is ["method", [args]]')
    if not isinstance(item["expected"], list) or len(item["expected"]) != len(calls):
        raise PrepError(f"{where}: 'expected' must list one result per call ({len(calls)})")
    return Case(number, visible, item["expected"], calls=calls)
