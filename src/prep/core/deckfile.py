"""Parse a Markdown deck file (DESIGN §3) into notes. Text in, objects out; no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from prep.core.errors import DeckError
from prep.core.notes import CLOZE, NOTE_ID, Note, NoteType, cloze_numbers

HEADER = re.compile(r"^##[ \t]+(\S+)(?:[ \t]+\{([^}]*)\})?[ \t]*$")
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:+/-]*$")
FRONT_MATTER_KEYS = ("deck", "area", "tags")


@dataclass(frozen=True)
class DeckFile:
    path: str
    deck: str
    area: str | None
    tags: tuple[str, ...]
    notes: tuple[Note, ...]


def parse_deck_bytes(data: bytes, path: str, default_deck: str) -> DeckFile:
    """Decode UTF-8 (reporting the line of a bad byte), then parse."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DeckError(path, line, "the file is not valid UTF-8; re-save it as UTF-8") from None
    return parse_deck(text, path, default_deck)


def parse_deck(text: str, path: str, default_deck: str) -> DeckFile:
    """Parse one deck file. Raises DeckError naming the line of the first problem."""
    # Only \n (and \r\n) end a line: splitlines() would also split at form feeds and
    # other separators, so line numbers would stop matching the file.
    lines = text.removeprefix("\ufeff").split("\n")
    lines = [line.removesuffix("\r") for line in lines]
    if lines and lines[-1] == "":
        lines.pop()
    deck, area, file_tags, body_start = _front_matter(lines, path, default_deck)
    blocks = _split_notes(lines, body_start, path)
    notes: list[Note] = []
    seen: dict[str, int] = {}
    for line_no, note_id, type_name, body in blocks:
        if note_id in seen:
            raise DeckError(
                path, line_no, f"note id '{note_id}' is already used at line {seen[note_id]}"
            )
        seen[note_id] = line_no
        notes.append(_note(path, line_no, note_id, type_name, body, deck, area, file_tags))
    return DeckFile(path, deck, area, file_tags, tuple(notes))


def _front_matter(
    lines: list[str], path: str, default_deck: str
) -> tuple[str, str | None, tuple[str, ...], int]:
    if not lines or lines[0].strip() != "---":
        return _deck_name(default_deck, path, 1), None, (), 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise DeckError(path, 1, "front matter opened with '---' is never closed by a '---' line")
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise DeckError(path, line, f"front matter is not valid YAML: {problem}") from None
    except Exception:  # the YAML library can fail in other ways on garbage
        raise DeckError(path, 2, "front matter is not valid YAML") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise DeckError(path, 2, "front matter must be a mapping such as 'deck: Statistics'")
    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            raise DeckError(
                path,
                _key_line(lines, end, str(key)),
                f"unknown front-matter key '{key}' (allowed: {', '.join(FRONT_MATTER_KEYS)})",
            )
    deck = meta.get("deck", default_deck)
    if not isinstance(deck, str):
        raise DeckError(
            path, _key_line(lines, end, "deck"), "'deck' must be a text such as 'ML::Trees'"
        )
    area = meta.get("area")
    if area is not None and not isinstance(area, str):
        raise DeckError(path, _key_line(lines, end, "area"), "'area' must be a text such as 'ml'")
    tags = _tag_list(meta.get("tags"), path, _key_line(lines, end, "tags"))
    return _deck_name(deck, path, _key_line(lines, end, "deck")), area, tags, end + 1


def _key_line(lines: list[str], end: int, key: str) -> int:
    for i in range(1, end):
        if lines[i].lstrip().startswith(f"{key}:"):
            return i + 1
    return 1


def _deck_name(name: str, path: str, line: int) -> str:
    parts = [p.strip() for p in name.split("::")]
    if not name.strip() or any(not p for p in parts):
        raise DeckError(
            path, line, f"deck name '{name}' has an empty level; write e.g. 'ML::Trees'"
        )
    return "::".join(parts)


def _tag_list(value: object, path: str, line: int) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [t for t in re.split(r"[,\s]+", value) if t]
    if not isinstance(value, list) or not all(isinstance(t, str | int) for t in value):
        raise DeckError(path, line, "'tags' must be a list such as [statistics, clt]")
    return _check_tags([str(t).strip() for t in value], path, line)


def _check_tags(tags: list[str], path: str, line: int) -> tuple[str, ...]:
    for tag in tags:
        if not TAG.match(tag):
            raise DeckError(path, line, f"tag '{tag}' may use only letters, digits and - _ . : + /")
    return tuple(dict.fromkeys(tags))


def _split_notes(
    lines: list[str], start: int, path: str
) -> list[tuple[int, str, str, list[tuple[int, str, bool]]]]:
    """Cut the body into notes; each body line carries its number and whether it is in a fence."""
    blocks: list[tuple[int, str, str, list[tuple[int, str, bool]]]] = []
    fence: tuple[str, int] | None = None
    fence_line = 0
    for index in range(start, len(lines)):
        line_no, line = index + 1, lines[index]
        opener = FENCE.match(line)
        in_fence = fence is not None
        if fence is not None:
            closes = opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= fence[1]
            if closes and not line.strip().lstrip("`~"):
                fence = None
        elif opener:
            fence = (opener.group(1)[0], len(opener.group(1)))
            fence_line = line_no
            in_fence = True
        if not in_fence and line.startswith("##") and not line.startswith("###"):
            match = HEADER.match(line)
            if match is None:
                raise DeckError(
                    path,
                    line_no,
                    "a note header must look like '## note-id' or '## note-id {cloze}'",
                )
            note_id, type_name = match.group(1), (match.group(2) or "basic").strip()
            if not NOTE_ID.fullmatch(note_id):
                raise DeckError(
                    path,
                    line_no,
                    f"note id '{note_id}' must use lowercase letters, digits and '-' "
                    "and start with a letter or digit",
                )
            blocks.append((line_no, note_id, type_name, []))
            continue
        if blocks:
            blocks[-1][3].append((line_no, line, in_fence))
    if fence is not None:
        raise DeckError(path, fence_line, "code fence opened here is never closed")
    return blocks


def _note(
    path: str,
    line_no: int,
    note_id: str,
    type_name: str,
    body: list[tuple[int, str, bool]],
    deck: str,
    area: str | None,
    file_tags: tuple[str, ...],
) -> Note:
    try:
        note_type = NoteType(type_name)
    except ValueError:
        allowed = ", ".join(t.value for t in NoteType)
        raise DeckError(
            path, line_no, f"unknown note type '{{{type_name}}}' (allowed: {allowed})"
        ) from None
    while body and not body[-1][1].strip():
        body.pop()
    tags: tuple[str, ...] = ()
    if body and not body[-1][2] and body[-1][1].lstrip().lower().startswith("tags:"):
        tag_line, tag_text, _ = body.pop()
        raw = tag_text.split(":", 1)[1]
        tags = _check_tags([t.strip() for t in raw.split(",") if t.strip()], path, tag_line)
    all_tags = tuple(dict.fromkeys(file_tags + tags))
    if note_type is NoteType.CLOZE:
        text = _join(body)
        _check_cloze(text, body, path, line_no)
        return Note(note_id, note_type, deck, text, "", all_tags, area, path, line_no)
    question, answer = _question_answer(body, path, line_no)
    return Note(note_id, note_type, deck, question, answer, all_tags, area, path, line_no)


def _question_answer(body: list[tuple[int, str, bool]], path: str, line_no: int) -> tuple[str, str]:
    first = next(((n, t) for n, t, _ in body if t.strip()), None)
    if first is None:
        raise DeckError(path, line_no, "note is empty; give it a 'Q:' line and an 'A:' line")
    if not first[1].startswith("Q:"):
        raise DeckError(path, first[0], "a note's text must start with 'Q:' (or mark it '{cloze}')")
    split = next(
        (i for i, (_, t, fenced) in enumerate(body) if not fenced and t.startswith("A:")), None
    )
    if split is None:
        raise DeckError(path, line_no, "note has a 'Q:' but no 'A:' line")
    q_lines = [t for _, t, _ in body[:split]]
    a_lines = [t for _, t, _ in body[split:]]
    q_start = next(i for i, t in enumerate(q_lines) if t.strip())
    q_lines = q_lines[q_start:]
    q_lines[0] = q_lines[0][2:]
    a_lines[0] = a_lines[0][2:]
    question, answer = "\n".join(q_lines).strip(), "\n".join(a_lines).strip()
    if not question:
        raise DeckError(path, first[0], "the question after 'Q:' is empty")
    if not answer:
        raise DeckError(path, body[split][0], "the answer after 'A:' is empty")
    return question, answer


def _join(body: list[tuple[int, str, bool]]) -> str:
    return "\n".join(t for _, t, _ in body).strip()


def _check_cloze(text: str, body: list[tuple[int, str, bool]], path: str, line_no: int) -> None:
    first = next((n for n, t, _ in body if t.strip()), line_no)

    def line_at(offset: int) -> int:
        return first + text.count("\n", 0, offset)

    for m in CLOZE.finditer(text):
        inner = m.group(0)[2:]
        if "{{" in inner or (m.group(3) is not None and "::" in m.group(3)):
            raise DeckError(
                path, line_at(m.start()), f"cloze deletion c{m.group(1)} is not closed with '}}}}'"
            )
        if int(m.group(1)) < 1:
            raise DeckError(path, line_at(m.start()), "cloze numbers start at c1")
        if not m.group(2).strip():
            raise DeckError(path, line_at(m.start()), f"cloze deletion c{m.group(1)} is empty")
    rest = CLOZE.sub(lambda m: " " * len(m.group(0)), text)
    stray = re.search(r"\{\{\s*c\d", rest)
    if stray and re.match(r"\{\{\s*c\d{4}", rest[stray.start() :]):
        raise DeckError(path, line_at(stray.start()), "cloze numbers go from c1 to c999")
    if stray:
        raise DeckError(path, line_at(stray.start()), "cloze deletion is not closed with '}}'")
    if not cloze_numbers(text):
        raise DeckError(
            path, line_no, "cloze note has no deletion; write e.g. '{{c1::hidden text}}'"
        )
