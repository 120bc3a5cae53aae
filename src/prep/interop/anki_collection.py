"""Read the notes, cards and review log of an Anki collection file (schema 11 to 18).

Schema 11 (`collection.anki2`, `collection.anki21`) keeps note types and decks as JSON in the
one `col` row. Schema 15 and later (`collection.anki21b` holds 18) keep them in the tables
`notetypes`, `fields`, `templates` and `decks`, with protobuf config blobs, and deck names
joined by "\\x1f" instead of "::". Notes, cards and revlog are the same tables in both.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prep.interop import protobuf
from prep.interop.anki_package import AnkiFileError

MIN_SCHEMA, MAX_SCHEMA = 11, 18
FIELD_SEPARATOR = "\x1f"
# A revlog id is the answer's time in epoch milliseconds: from 1970 up to the year 9999.
EARLIEST_MS, LATEST_MS = 0, 253_402_300_800_000
KIND_STANDARD, KIND_CLOZE = 0, 1


@dataclass(frozen=True)
class Template:
    name: str
    question: str  # qfmt
    answer: str  # afmt


@dataclass(frozen=True)
class NoteKind:
    """An Anki note type: its fields and card templates."""

    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    templates: tuple[Template, ...]


@dataclass(frozen=True)
class SourceNote:
    id: int
    guid: str
    kind_id: int
    fields: tuple[str, ...]  # HTML, one per field of the note type
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SourceCard:
    id: int
    note_id: int
    deck_id: int  # its home deck (the original deck of a card in a filtered deck)
    ord: int  # template index, or cloze number - 1
    type: int  # 0 new, 1 learning, 2 review, 3 relearning
    queue: int  # -3 user-buried, -2 sched-buried, -1 suspended, 0.. normal
    flag: int  # 0 none, 1-7 the colour flags


@dataclass(frozen=True)
class SourceReview:
    id: int  # epoch milliseconds of the answer
    card_id: int
    ease: int  # 1-4 the answer button; 0 for manual entries (set due date, forget)
    interval: int
    factor: int
    time_ms: int
    type: int  # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled


@dataclass
class SourceCollection:
    """What prep takes from an Anki collection (or a text file: no cards, no review log)."""

    source: str  # shown in messages: "deck.apkg: collection.anki21b"
    kinds: dict[int, NoteKind] = field(default_factory=dict)
    decks: dict[int, str] = field(default_factory=dict)  # id -> "A::B::C"
    notes: list[SourceNote] = field(default_factory=list)
    cards: list[SourceCard] = field(default_factory=list)
    reviews: list[SourceReview] = field(default_factory=list)
    # Anki's v1 scheduler had three buttons for (re)learning cards: Again, Good, Easy.
    three_button_learning: bool = False
    note_decks: dict[int, str] = field(default_factory=dict)  # text files: note id -> deck
    html: bool = True  # fields are HTML (a text file may say #html:false)


def read_collection(path: Path, source: str) -> SourceCollection:
    """Read the collection SQLite file at `path`; `source` names it in error messages."""
    try:
        conn = sqlite3.connect(path)
    except sqlite3.Error as exc:
        raise AnkiFileError(f"{source}: cannot open the collection ({exc})") from None
    # Newer collections declare some name columns COLLATE unicase, an Anki-defined collation.
    conn.create_collation("unicase", _unicase)
    try:
        return _read(conn, source)
    except sqlite3.DatabaseError as exc:
        raise AnkiFileError(f"{source} is not a readable Anki collection ({exc})") from None
    finally:
        conn.close()


def _unicase(a: str, b: str) -> int:
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def _read(conn: sqlite3.Connection, source: str) -> SourceCollection:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "col" not in tables:
        raise AnkiFileError(f"{source} is not an Anki collection (it has no 'col' table)")
    row = conn.execute("SELECT ver, models, decks, conf FROM col").fetchone()
    if row is None:
        raise AnkiFileError(f"{source}: the 'col' table is empty; the collection is damaged")
    version = row[0]
    if not isinstance(version, int) or not MIN_SCHEMA <= version <= MAX_SCHEMA:
        raise AnkiFileError(
            f"{source}: collection schema {version!r} is not supported (prep reads "
            f"{MIN_SCHEMA}-{MAX_SCHEMA}); export from Anki with 'Support older Anki versions' "
            "ticked"
        )
    col = SourceCollection(source)
    if "notetypes" in tables:
        col.kinds = _kinds_from_tables(conn, source)
        col.decks = {
            _int(r[0], source, "decks", "id"): _text(
                r[1], source, f"decks row {r[0]}", "name"
            ).replace(FIELD_SEPARATOR, "::")
            for r in conn.execute("SELECT id, name FROM decks")
        }
        sched = conn.execute("SELECT val FROM config WHERE key = 'schedVer'").fetchone()
        value = sched[0] if sched is not None else None
        if isinstance(value, str):  # some tools store config values as text
            value = value.encode()
        col.three_button_learning = isinstance(value, bytes) and value.strip() == b"1"
    else:
        col.kinds = _kinds_from_json(_json(row[1], source, "models"), source)
        col.decks = _decks_from_json(_json(row[2], source, "decks"), source)
        conf = _json(row[3], source, "conf")
        col.three_button_learning = conf.get("schedVer", 1) == 1
    col.notes = [_note(r, source) for r in conn.execute(
        "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
    )]  # fmt: skip
    col.cards = [_card(r, source) for r in conn.execute(
        "SELECT id, nid, did, odid, ord, type, queue, flags FROM cards ORDER BY id"
    )]  # fmt: skip
    col.reviews = [_review(r, source) for r in conn.execute(
        "SELECT id, cid, ease, ivl, factor, time, type FROM revlog ORDER BY id"
    )]  # fmt: skip
    return col


def _kinds_from_tables(conn: sqlite3.Connection, source: str) -> dict[int, NoteKind]:
    fields: dict[int, list[str]] = {}
    for ntid, _, name in conn.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(ntid, []).append(_text(name, source, f"fields row {ntid}", "name"))
    templates: dict[int, list[Template]] = {}
    for ntid, ordinal, name, config in conn.execute(
        "SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord"
    ):
        where = f"templates row {ntid}/{ordinal}"
        message = _protobuf(config, source, where)
        try:
            front, back = protobuf.first_text(message, 1), protobuf.first_text(message, 2)
        except protobuf.WireError as exc:
            raise AnkiFileError(f"{source}: {where}: 'config' is malformed ({exc})") from None
        templates.setdefault(ntid, []).append(
            Template(_text(name, source, where, "name"), front, back)
        )
    kinds: dict[int, NoteKind] = {}
    for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        where = f"notetypes row {ntid}"
        kind = protobuf.first_int(_protobuf(config, source, where), 1)
        kinds[ntid] = NoteKind(
            ntid,
            _text(name, source, where, "name"),
            kind == KIND_CLOZE,
            tuple(fields.get(ntid, ())),
            tuple(templates.get(ntid, ())),
        )
    return kinds


def _kinds_from_json(models: dict[str, Any], source: str) -> dict[int, NoteKind]:
    kinds: dict[int, NoteKind] = {}
    for key, model in models.items():
        where = f"col.models[{key}]"
        if not isinstance(model, dict):
            raise AnkiFileError(f"{source}: {where} is not an object")
        try:
            flds = sorted(model["flds"], key=lambda f: f["ord"])
            tmpls = sorted(model["tmpls"], key=lambda t: t["ord"])
            kinds[int(key)] = NoteKind(
                int(key),
                str(model["name"]),
                model.get("type", KIND_STANDARD) == KIND_CLOZE,
                tuple(str(f["name"]) for f in flds),
                tuple(Template(str(t["name"]), str(t["qfmt"]), str(t["afmt"])) for t in tmpls),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AnkiFileError(f"{source}: {where} is malformed (bad or missing {exc})") from None
    return kinds


def _decks_from_json(decks: dict[str, Any], source: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for key, deck in decks.items():
        if not isinstance(deck, dict) or not isinstance(deck.get("name"), str):
            raise AnkiFileError(f"{source}: col.decks[{key}] has no name")
        try:
            out[int(key)] = deck["name"]
        except ValueError:
            raise AnkiFileError(f"{source}: col.decks has a non-numeric id {key!r}") from None
    return out


def _note(row: tuple[Any, ...], source: str) -> SourceNote:
    note_id, guid, mid, tags, flds = row
    where = f"notes row {note_id}"
    return SourceNote(
        _int(note_id, source, "notes", "id"),
        _text(guid, source, where, "guid"),
        _int(mid, source, where, "mid"),
        tuple(_text(flds, source, where, "flds").split(FIELD_SEPARATOR)),
        tuple(_text(tags, source, where, "tags").split()),
    )


def _card(row: tuple[Any, ...], source: str) -> SourceCard:
    where = f"cards row {row[0]}"
    card_id, nid, did, odid, ordinal, kind, queue, flags = (
        _int(v, source, where, name)
        for v, name in zip(
            row, ("id", "nid", "did", "odid", "ord", "type", "queue", "flags"), strict=True
        )
    )
    return SourceCard(card_id, nid, odid or did, ordinal, kind, queue, flags & 0b111)


def _review(row: tuple[Any, ...], source: str) -> SourceReview:
    where = f"revlog row {row[0]}"
    values = [
        _int(v, source, where, name)
        for v, name in zip(row, ("id", "cid", "ease", "ivl", "factor", "time", "type"), strict=True)
    ]
    # The id is the answer's time in milliseconds; prep keeps it as a date.
    if not EARLIEST_MS <= values[0] < LATEST_MS:
        raise AnkiFileError(
            f"{source}: {where}: 'id' is {values[0]}, not the time of an answer (milliseconds "
            "since 1970 up to the year 9999); check the collection in Anki (Tools > Check Database)"
        )
    return SourceReview(*values)


def _int(value: Any, source: str, where: str, column: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():  # some tools store REAL ids
        return int(value)
    raise AnkiFileError(f"{source}: {where}: '{column}' is {value!r}, not a whole number")


def _text(value: Any, source: str, where: str, column: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            pass
    raise AnkiFileError(f"{source}: {where}: '{column}' is not text")


def _json(value: Any, source: str, column: str) -> dict[str, Any]:
    try:
        data = json.loads(value) if value else {}
    except (TypeError, json.JSONDecodeError) as exc:
        raise AnkiFileError(f"{source}: col.{column} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise AnkiFileError(f"{source}: col.{column} is not a JSON object")
    return data


def _protobuf(value: Any, source: str, where: str) -> dict[int, list[int | bytes]]:
    if not isinstance(value, bytes):
        raise AnkiFileError(f"{source}: {where}: 'config' is not a protobuf blob")
    try:
        return protobuf.fields(value)
    except protobuf.WireError as exc:
        raise AnkiFileError(f"{source}: {where}: 'config' is malformed ({exc})") from None
