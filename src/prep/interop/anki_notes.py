"""Anki notes as prep notes: stable ids from guids, note types, fields to Q/A, tags, decks. Pure.

Cloze note types become `{cloze}` notes (Anki's `{{c1::text::hint}}` is prep's syntax too) with
their other fields appended; a standard note type whose note has a second card becomes
`{reverse}`; every other note becomes a basic note. The front is what the first card template
asks (or the first field), the back every other field with content, labelled with the field
name when there are several. Fields used only as conditions (`{{#Add Reverse}}`) are left out.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections.abc import Set
from dataclasses import dataclass

from prep.core.deckfile import FENCE, TAG, parse_deck
from prep.core.errors import DeckError
from prep.core.notes import NOTE_ID, Note, NoteType, cloze_numbers
from prep.interop.anki_collection import NoteKind, SourceNote
from prep.interop.anki_html import MediaLink, html_to_markdown, plain_to_markdown

PREP_GUID = "prep:"  # the guid prefix of notes prep exported (services/anki_export.note_guid)
REFERENCE = re.compile(r"\{\{\s*([#^/]?)\s*([^{}]*?)\s*\}\}")
SPECIAL = {"frontside", "tags", "deck", "subdeck", "card", "cardflag", "type", "cardid"}
EMPTY = "(empty)"
DEFAULT_DECK = "Default"


class Unmappable(Exception):
    """A note prep cannot represent; the message is the reason shown in the import summary."""


@dataclass(frozen=True)
class Layout:
    """Which fields of a note type make the front, the back, and which are only conditions."""

    front: tuple[int, ...]
    back: tuple[int, ...]
    cloze: int | None  # the field holding the cloze text
    templates: int


@dataclass(frozen=True)
class MappedNote:
    note_id: str
    deck: str
    block: str  # the note as deck-file Markdown, from its `## id` line on
    note: Note  # the block as prep's parser reads it
    cards: dict[int, str]  # Anki card ord -> prep card key
    dropped: tuple[str, ...]  # what the HTML conversion could not keep


def note_id_for(guid: str) -> str:
    """A prep note id that depends only on the Anki guid, so a re-import finds the same note."""
    if guid.startswith(PREP_GUID) and NOTE_ID.fullmatch(guid[len(PREP_GUID) :]):
        return guid[len(PREP_GUID) :]  # a note prep exported comes back under its own id
    digest = hashlib.sha256(guid.encode("utf-8")).digest()
    return "anki-" + base64.b32encode(digest).decode("ascii")[:12].lower()


def deck_name(name: str, prefix: str | None = None) -> str:
    """Anki's `A::B` as a prep deck name, under `prefix` when given; empty levels dropped."""
    parts = [p.strip() for p in name.split("::") if p.strip()] or [DEFAULT_DECK]
    if prefix:
        parts = [p.strip() for p in prefix.split("::") if p.strip()] + parts
    return "::".join(parts)


def prep_tag(tag: str) -> str:
    """An Anki tag as a valid prep tag: accents dropped, other characters replaced by '-'."""
    if TAG.match(tag):
        return tag
    ascii_text = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9_.:+/-]+", "-", ascii_text).strip("-_.:+/")
    if cleaned and TAG.match(cleaned):
        return cleaned
    digest = hashlib.sha256(tag.encode("utf-8")).hexdigest()[:8]
    return f"tag-{digest}"


def layout(kind: NoteKind) -> Layout:
    """How the fields of `kind` map onto a prep note."""
    index = {name.casefold(): i for i, name in enumerate(kind.fields)}
    shown: set[int] = set()
    conditions: set[int] = set()
    cloze_field: int | None = None
    for template in kind.templates:
        for sigil, ref in REFERENCE.findall(template.question + template.answer):
            name = ref.split(":")[-1].strip().casefold()
            if name in SPECIAL or name not in index:
                continue
            if sigil:
                conditions.add(index[name])
                continue
            shown.add(index[name])
            if cloze_field is None and "cloze:" in ref.replace(" ", "").casefold():
                cloze_field = index[name]
    first_question = kind.templates[0].question if kind.templates else ""
    asked = [
        index[name]
        for sigil, ref in REFERENCE.findall(first_question)
        if not sigil and (name := ref.split(":")[-1].strip().casefold()) in index
    ]
    every = range(len(kind.fields))
    if kind.cloze:
        text = cloze_field if cloze_field is not None else 0
        rest = tuple(i for i in every if i != text and (i in shown or i not in conditions))
        return Layout((text,), rest, text, len(kind.templates))
    front = tuple(dict.fromkeys(asked)) or (0,)
    # Fields no template shows are still the user's data: they go to the back.
    back = tuple(i for i in every if i not in front and (i in shown or i not in conditions))
    return Layout(front, back, None, len(kind.templates))


def text_card_ords(kind: NoteKind, fields: tuple[str, ...]) -> set[int]:
    """For a note from a text file (no cards given): the templates that would make a card."""
    index = {name.casefold(): i for i, name in enumerate(kind.fields)}

    def filled(name: str) -> bool:
        i = index.get(name.split(":")[-1].strip().casefold())
        return i is not None and i < len(fields) and bool(fields[i].strip())

    ords = {0}
    for ordinal, template in enumerate(kind.templates[1:], start=1):
        refs = REFERENCE.findall(template.question)
        sections = [ref for sigil, ref in refs if sigil == "#"]
        shown = [ref for sigil, ref in refs if not sigil]
        if all(filled(ref) for ref in sections) and any(filled(ref) for ref in shown):
            ords.add(ordinal)
    return ords


def map_note(
    source: SourceNote,
    kind: NoteKind,
    deck: str,
    ords: Set[int],
    media: MediaLink,
    html: bool = True,
    path: str = "",
) -> MappedNote:
    """The prep note for one Anki note, or Unmappable with the reason."""
    note_id = note_id_for(source.guid)
    plan = layout(kind)
    dropped: list[str] = []

    def markdown(i: int) -> str:
        raw = source.fields[i] if i < len(source.fields) else ""
        if not html:
            return plain_to_markdown(raw)
        text, lost = html_to_markdown(raw, media)
        dropped.extend(lost)
        return text

    tags = tuple(dict.fromkeys(prep_tag(t) for t in source.tags))
    if plan.cloze is not None:
        text = markdown(plan.cloze)
        if "image-occlusion:" in text:
            raise Unmappable("image occlusion notes have no prep equivalent")
        if not cloze_numbers(text):
            raise Unmappable(f"cloze note of type '{kind.name}' has no {{{{c1::…}}}} deletion")
        extra = [t for t in (markdown(i) for i in plan.back) if t]
        body = _escape_body("\n\n".join([text, *extra]), question=False)
        block = f"## {note_id} {{cloze}}\n{body}\n"
        note_type = NoteType.CLOZE
    else:
        front = _join([markdown(i) for i in plan.front], labels=None)
        back_fields = [(kind.fields[i], markdown(i)) for i in plan.back if i < len(kind.fields)]
        back = _join([t for _, t in back_fields], labels=[n for n, _ in back_fields])
        if not front and not back:
            raise Unmappable(f"every field of this '{kind.name}' note is empty")
        note_type = NoteType.REVERSE if plan.templates >= 2 and 1 in ords else NoteType.BASIC
        kind_mark = " {reverse}" if note_type is NoteType.REVERSE else ""
        block = (
            f"## {note_id}{kind_mark}\n"
            f"{_side('Q', _escape_body(front or EMPTY, question=True))}\n"
            f"{_side('A', _escape_body(back or EMPTY, question=False))}\n"
        )
    if tags:
        block += f"tags: {', '.join(tags)}\n"
    try:
        parsed = parse_deck(block, path or "<anki note>", deck).notes
    except DeckError as exc:
        raise Unmappable(f"its text does not fit a deck file ({exc.detail})") from None
    if len(parsed) != 1 or parsed[0].id != note_id:
        raise Unmappable("its text does not fit a deck file")
    note = parsed[0]
    keys = {spec.key for spec in note.cards()}
    cards: dict[int, str] = {}
    for ordinal in sorted(ords):
        key = _card_key(note_id, note_type, ordinal)
        if key in keys:
            cards[ordinal] = key
    return MappedNote(note_id, deck, block, note, cards, tuple(dropped))


def _card_key(note_id: str, note_type: NoteType, ordinal: int) -> str | None:
    if note_type is NoteType.CLOZE:
        return f"{note_id}:c{ordinal + 1}"
    if ordinal == 0:
        return note_id
    if ordinal == 1 and note_type is NoteType.REVERSE:
        return f"{note_id}:rev"
    return None


def _join(texts: list[str], labels: list[str] | None) -> str:
    filled = [(i, t) for i, t in enumerate(texts) if t]
    if labels is None or len(filled) < 2:
        return "\n\n".join(t for _, t in filled)
    return "\n\n".join(f"**{_label(labels[i])}:** {t}" for i, t in filled)


def _label(name: str) -> str:
    return re.sub(r"([\\*_`\[\]<])", r"\\\1", name.strip())


def _side(marker: str, text: str) -> str:
    first = text.split("\n", 1)[0]
    if FENCE.match(first) or first.startswith(("    ", "\t")):
        return f"{marker}:\n{text}"  # a fence must open its own line
    return f"{marker}: {text}"


def _escape_body(text: str, question: bool) -> str:
    """Keep note text from reading as deck-file structure: a `## ` line would start a note,
    an `A:` line in the question would start the answer, a last `tags:` line would be tags."""
    out: list[str] = []
    fence: tuple[str, int] | None = None
    for line in text.split("\n"):
        opener = FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= fence[1]:
                fence = None
            out.append(line)
            continue
        if opener:
            fence = (opener.group(1)[0], len(opener.group(1)))
            out.append(line)
            continue
        if line.startswith("##") and not line.startswith("###"):
            line = "#" + line  # a heading inside a note: one level down
        elif question and line.startswith(("A:", "Q:")):
            line = line[0] + "\\" + line[1:]
        elif line.lstrip().lower().startswith("tags:"):
            cut = line.index(":")
            line = line[:cut] + "\\" + line[cut:]
        out.append(line)
    return "\n".join(out)
