"""STAR stories: the text form used for editing them in $EDITOR."""

from __future__ import annotations

from dataclasses import dataclass

from prep.core.errors import PrepError
from prep.core.notes import COMPETENCIES

SECTIONS = ("situation", "task", "action", "result")


@dataclass(frozen=True)
class Story:
    title: str
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    competencies: tuple[str, ...] = ()
    id: int = 0


def check_competencies(items: list[str]) -> tuple[str, ...]:
    out = []
    for item in items:
        c = item.strip().lower()
        if not c:
            continue
        if c not in COMPETENCIES:
            raise PrepError(f"unknown competency '{c}': use {', '.join(COMPETENCIES)}")
        out.append(c)
    return tuple(dict.fromkeys(out))


def story_to_text(story: Story) -> str:
    lines = [f"title: {story.title}", f"competencies: {', '.join(story.competencies)}", ""]
    for name in SECTIONS:
        lines += [f"## {name.capitalize()}", getattr(story, name), ""]
    return "\n".join(lines)


def story_from_text(text: str, story_id: int = 0) -> Story:
    """Parse the editor form back; errors name the line."""
    title = ""
    comps: tuple[str, ...] = ()
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("## "):
            name = line[3:].strip().lower()
            if name not in SECTIONS:
                raise PrepError(
                    f"line {n}: unknown section '{line[3:].strip()}' (use {', '.join(SECTIONS)})"
                )
            current = name
            parts[name] = []
        elif current is not None:
            parts[current].append(line)
        elif line.lower().startswith("title:"):
            title = line.split(":", 1)[1].strip()
        elif line.lower().startswith("competencies:"):
            try:
                comps = check_competencies(line.split(":", 1)[1].split(","))
            except PrepError as exc:
                raise PrepError(f"line {n}: {exc}") from None
        elif line.strip():
            raise PrepError(
                f"line {n}: expected 'title:', 'competencies:' or a '## Situation' heading"
            )
    if not title:
        raise PrepError("the story needs a 'title:' line")
    body = {k: "\n".join(v).strip() for k, v in parts.items()}
    return Story(
        title,
        body.get("situation", ""),
        body.get("task", ""),
        body.get("action", ""),
        body.get("result", ""),
        comps,
        story_id,
    )
