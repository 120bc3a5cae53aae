"""Mock rounds: round templates (TOML text) → a timed plan of sections and the items in them.

Pure: the service reads the template files and the user's bank; this module validates, expands
the rounds an onsite is made of, scales the clock and draws items with an injected RNG.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from prep.core.cram import matches
from prep.core.errors import PrepError

SECTION_KINDS = ("coding", "concepts", "behavioral", "break")
DIFFICULTIES = ("easy", "medium", "hard")
RUBRIC = ("problem_solving", "technical", "code_quality", "communication")
RUBRIC_LABELS = {
    "problem_solving": "problem solving",
    "technical": "technical / ML knowledge",
    "code_quality": "code quality",
    "communication": "communication",
}
_ROUND_KEYS = {"name", "title", "minutes", "description", "sections"}
_SECTION_KEYS = {"kind", "title", "minutes", "count", "focus", "exclude", "difficulty", "round"}


class TemplateError(PrepError):
    """A round template that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class SectionSpec:
    """One timed part of a round. `focus`/`exclude` are matched like event focus tags."""

    kind: str
    title: str
    minutes: float
    count: int = 0
    focus: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    difficulty: tuple[str, ...] = ()
    round: str | None = None  # a whole other round run as this part (an onsite's rounds)


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    sections: tuple[SectionSpec, ...]
    source: str
    description: str = ""

    @property
    def minutes(self) -> float:
        return sum(s.minutes for s in self.sections)


@dataclass(frozen=True)
class Candidate:
    """An item a section may draw: a problem or a card, with the words it is known by."""

    key: str
    words: frozenset[str]
    difficulty: str = ""


@dataclass(frozen=True)
class PlannedSection:
    spec: SectionSpec
    seconds: int
    items: tuple[str, ...]

    @property
    def short_by(self) -> int:
        """How many items the bank could not supply."""
        return max(0, self.spec.count - len(self.items))


@dataclass(frozen=True)
class RoundPlan:
    template: str
    title: str
    sections: tuple[PlannedSection, ...]

    @property
    def seconds(self) -> int:
        return sum(s.seconds for s in self.sections)


def parse_template(text: str, source: str) -> Template:
    """Validate a template; `source` (its path) is named in every error."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{source}: not valid TOML ({exc}); fix the syntax") from None
    _unknown(data, _ROUND_KEYS, source, "")
    name = _string(data, "name", source, "")
    title = _string(data, "title", source, "", default=name)
    raw = data.get("sections")
    if not isinstance(raw, list) or not raw:
        raise TemplateError(
            f"{source}: `sections` is missing; add at least one [[sections]] table "
            'with kind = "coding", "concepts", "behavioral" or "break"'
        )
    sections = tuple(_section(s, source, f"sections[{i}]") for i, s in enumerate(raw))
    template = Template(name, title, sections, source, str(data.get("description", "")))
    if "minutes" in data:
        total = data["minutes"]
        if not _is_number(total) or total <= 0:
            raise TemplateError(f"{source}: `minutes` must be a positive number of minutes")
        if all(s.round is None for s in sections) and abs(template.minutes - total) > 1e-9:
            raise TemplateError(
                f"{source}: `minutes` = {total} but the sections add up to "
                f"{template.minutes:g}; make them agree"
            )
    return template


def _section(raw: Any, source: str, where: str) -> SectionSpec:
    if not isinstance(raw, dict):
        raise TemplateError(f"{source}: {where} must be a table ([[sections]])")
    _unknown(raw, _SECTION_KEYS, source, where + ".")
    if "round" in raw:
        name = _string(raw, "round", source, where)
        return SectionSpec("round", str(raw.get("title", name)), 0.0, round=name)
    kind = _string(raw, "kind", source, where)
    if kind not in SECTION_KINDS:
        raise TemplateError(
            f"{source}: {where}.kind = {kind!r} is not a section kind; "
            f"use one of {', '.join(SECTION_KINDS)} (or `round = NAME`)"
        )
    minutes = raw.get("minutes")
    if not isinstance(minutes, int | float) or isinstance(minutes, bool) or minutes <= 0:
        raise TemplateError(f"{source}: {where}.minutes must be a positive number of minutes")
    count = raw.get("count", 0 if kind == "break" else 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise TemplateError(f"{source}: {where}.count must be a whole number ≥ 0")
    if kind != "break" and count == 0:
        raise TemplateError(f"{source}: {where}.count must be at least 1 for a {kind} section")
    difficulty = _strings(raw, "difficulty", source, where)
    bad = [d for d in difficulty if d not in DIFFICULTIES]
    if bad:
        raise TemplateError(
            f"{source}: {where}.difficulty {bad[0]!r} is not one of {', '.join(DIFFICULTIES)}"
        )
    return SectionSpec(
        kind,
        str(raw.get("title", kind.capitalize())),
        float(minutes),
        count,
        _strings(raw, "focus", source, where),
        _strings(raw, "exclude", source, where),
        difficulty,
    )


def _unknown(data: dict[str, Any], allowed: set[str], source: str, where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise TemplateError(
            f"{source}: unknown key `{where}{extra[0]}`; allowed: {', '.join(sorted(allowed))}"
        )


def _string(data: dict[str, Any], key: str, source: str, where: str, default: str = "") -> str:
    value = data.get(key, default or None)
    label = f"{where}.{key}" if where else key
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(f"{source}: `{label}` must be a non-empty string")
    return value.strip()


def _strings(data: dict[str, Any], key: str, source: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateError(f"{source}: {where}.{key} must be a list of strings")
    return tuple(v.strip().lower() for v in value if v.strip())


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def expand(template: Template, templates: Mapping[str, Template]) -> Template:
    """Replace `round = NAME` parts by that round's sections (recursively, no cycles)."""
    return replace(template, sections=tuple(_expand(template, templates, (template.name,))))


def _expand(
    template: Template, templates: Mapping[str, Template], seen: tuple[str, ...]
) -> list[SectionSpec]:
    out: list[SectionSpec] = []
    for i, s in enumerate(template.sections):
        if s.round is None:
            out.append(s)
            continue
        inner = templates.get(s.round)
        if inner is None:
            raise TemplateError(
                f"{template.source}: sections[{i}].round = {s.round!r} is not a known round; "
                f"use one of {', '.join(sorted(templates))}"
            )
        if s.round in seen:
            raise TemplateError(
                f"{template.source}: sections[{i}].round = {s.round!r} includes itself "
                f"({' → '.join((*seen, s.round))}); remove the cycle"
            )
        for part in _expand(inner, templates, (*seen, s.round)):
            out.append(replace(part, title=f"{s.title} · {part.title}"))
    return out


def section_seconds(template: Template, minutes: float | None = None) -> list[int]:
    """Each section's budget in seconds, scaled so the round lasts `minutes` when given."""
    if minutes is not None and minutes <= 0:
        raise PrepError(f"--minutes {minutes:g} must be positive")
    factor = 1.0 if minutes is None else minutes / template.minutes
    return [max(1, round(s.minutes * 60 * factor)) for s in template.sections]


def plan_round(
    template: Template,
    pools: Mapping[str, Sequence[Candidate]],
    rng: random.Random,
    aliases: Mapping[str, str],
    minutes: float | None = None,
) -> RoundPlan:
    """Draw each section's items from `pools[kind]`; no item is used twice in one round."""
    used: set[str] = set()
    planned = []
    for spec, seconds in zip(template.sections, section_seconds(template, minutes), strict=True):
        items: list[str] = []
        if spec.kind != "break":
            fits = [
                c
                for c in pools.get(spec.kind, ())
                if c.key not in used
                and (not spec.focus or matches(c.words, spec.focus, aliases))
                and not matches(c.words, spec.exclude, aliases)
                and (not spec.difficulty or c.difficulty in spec.difficulty)
            ]
            fits.sort(key=lambda c: c.key)  # the draw depends only on the seed
            items = [c.key for c in rng.sample(fits, min(spec.count, len(fits)))]
            used.update(items)
        planned.append(PlannedSection(spec, seconds, tuple(items)))
    return RoundPlan(template.name, template.title, tuple(planned))


def clock(seconds: float) -> str:
    """`754` → `12:34`; negative times read as 0:00."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def trend(totals: Sequence[float]) -> str:
    """Rubric totals, oldest first, as a short trend word: up, down, flat or new."""
    if len(totals) < 2:
        return "new"
    half = len(totals) // 2
    before = sum(totals[:half]) / half
    after = sum(totals[half:]) / (len(totals) - half)
    if after > before + 0.25:
        return "up"
    if after < before - 0.25:
        return "down"
    return "flat"
