"""An Anki collection in schema 11: the SQLite file inside a legacy `.apkg` (`collection.anki21`).

Schema 11 keeps note types, decks, deck options and collection settings as JSON in the single
`col` row; notes, cards and the review log are plain tables. Current Anki upgrades this schema
when it imports the package. Facts about the format, not code, come from Anki's own exports.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 11
FIELD_SEPARATOR = "\x1f"
DEFAULT_DECK_ID = 1
DEFAULT_CONFIG_ID = 1
# prep's own preset, so "Import deck presets" brings prep's settings without touching the
# collection's Default preset; without that option Anki keeps its own presets.
PREP_CONFIG_ID = 1_700_000_000_201

DDL = """
CREATE TABLE col (
  id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
  ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL,
  conf text NOT NULL, models text NOT NULL, decks text NOT NULL, dconf text NOT NULL,
  tags text NOT NULL
);
CREATE TABLE notes (
  id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL,
  csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
  id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL,
  due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
  lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
  id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
  ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL,
  type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""


@dataclass(frozen=True)
class NoteType:
    """One of the note types prep writes. Its id is fixed, so a re-import finds it again."""

    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]  # (name, question format, answer format)


_BACK = "{{FrontSide}}\n\n<hr id=answer>\n\n"
NOTE_TYPES = {
    "basic": NoteType(
        1_700_000_000_101, "prep Basic", False, ("Front", "Back"),
        (("Card 1", "{{Front}}", _BACK + "{{Back}}"),),
    ),
    "reverse": NoteType(
        1_700_000_000_102, "prep Basic (and reversed card)", False, ("Front", "Back"),
        (
            ("Card 1", "{{Front}}", _BACK + "{{Back}}"),
            ("Card 2", "{{Back}}", _BACK + "{{Front}}"),
        ),
    ),
    "cloze": NoteType(
        1_700_000_000_103, "prep Cloze", True, ("Text", "Back Extra"),
        (("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"),),
    ),
    "behavioral": NoteType(
        1_700_000_000_104, "prep Behavioral", False, ("Front", "Back", "Competencies"),
        (
            (
                "Card 1",
                "{{Front}}",
                _BACK + "{{Back}}{{#Competencies}}\n<div class=competencies>"
                "Competencies: {{Competencies}}</div>{{/Competencies}}",
            ),
        ),
    ),
}  # fmt: skip
CSS = """.card {
  font-family: arial;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: black;
  background-color: white;
}
.cloze { font-weight: bold; color: blue; }
.nightMode .cloze { color: lightblue; }
pre { text-align: left; background: #f4f4f4; padding: 0.5em; overflow-x: auto; }
.nightMode pre { background: #2b2b2b; }
.competencies { margin-top: 1em; font-size: 0.8em; color: grey; }
"""


@dataclass(frozen=True)
class AnkiReview:
    at_ms: int  # becomes the revlog id (made unique when two reviews share a millisecond)
    ease: int  # 1-4, or 0 for a manual reset
    ivl: int  # days when positive, seconds when negative
    last_ivl: int
    factor: int
    time_ms: int
    type: int  # 0 learn, 1 review, 2 relearn, 4 manual


@dataclass(frozen=True)
class AnkiCard:
    ord: int
    deck: str
    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    left: int
    flags: int
    data: str
    added_ms: int  # becomes the card id (Anki shows it as the date the card was added)
    reviews: tuple[AnkiReview, ...] = ()


@dataclass(frozen=True)
class AnkiNote:
    guid: str
    kind: str  # a key of NOTE_TYPES
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    cards: tuple[AnkiCard, ...]


@dataclass(frozen=True)
class DeckOptions:
    learning_steps_minutes: tuple[float, ...]
    relearning_steps_minutes: tuple[float, ...]
    new_per_day: int
    reviews_per_day: int
    maximum_interval: int
    desired_retention: float
    leech_fails: int
    fsrs_parameters: tuple[float, ...] = ()  # empty: Anki's defaults


@dataclass(frozen=True)
class Collection11:
    notes: tuple[AnkiNote, ...]
    crt: int  # epoch seconds of the collection's first day's rollover
    minutes_west: int  # the UTC offset of that day, as Anki stores it (UTC+2 -> -120)
    rollover_hour: int
    modified: int  # epoch seconds
    options: DeckOptions


def write_collection(path: Path, col: Collection11) -> None:
    """Create the schema-11 SQLite file `path` (which must not exist yet)."""
    decks = _deck_ids(card.deck for note in col.notes for card in note.cards)
    db = sqlite3.connect(path)
    try:
        db.executescript(DDL)
        mod_ms = col.modified * 1000
        db.execute(
            "INSERT INTO col VALUES (1, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, '{}')",
            (
                col.crt,
                mod_ms,
                mod_ms,
                SCHEMA_VERSION,
                json.dumps(_conf(col)),
                json.dumps(_models(col.modified)),
                json.dumps(_decks(decks, col.modified)),
                json.dumps(
                    {
                        str(DEFAULT_CONFIG_ID): _deck_config(col.options, DEFAULT_CONFIG_ID, 0),
                        str(PREP_CONFIG_ID): _deck_config(
                            col.options, PREP_CONFIG_ID, col.modified
                        ),
                    }
                ),
            ),
        )
        note_ids = _unique_ids(
            [min((c.added_ms for c in n.cards), default=mod_ms) for n in col.notes]
        )
        cards = [
            (nid, card)
            for nid, note in zip(note_ids, col.notes, strict=True)
            for card in note.cards
        ]
        card_ids = _unique_ids([card.added_ms for _, card in cards])
        db.executemany(
            "INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')",
            (
                (
                    nid,
                    note.guid,
                    NOTE_TYPES[note.kind].id,
                    col.modified,
                    f" {' '.join(note.tags)} " if note.tags else "",
                    FIELD_SEPARATOR.join(note.fields),
                    sort_field(note.fields[0]),
                    field_checksum(note.fields[0]),
                )
                for nid, note in zip(note_ids, col.notes, strict=True)
            ),
        )
        db.executemany(
            "INSERT INTO cards VALUES (?,?,?,?,?,-1,?,?,?,?,?,?,?,?,0,0,?,?)",
            (
                (
                    cid, nid, decks[card.deck], card.ord, col.modified, card.type, card.queue,
                    card.due, card.ivl, card.factor, card.reps, card.lapses, card.left,
                    card.flags, card.data,
                )
                for cid, (nid, card) in zip(card_ids, cards, strict=True)
            ),
        )  # fmt: skip
        reviews = [
            (cid, review)
            for cid, (_, card) in zip(card_ids, cards, strict=True)
            for review in card.reviews
        ]
        review_ids = _unique_ids([review.at_ms for _, review in reviews])
        db.executemany(
            "INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
            (
                (
                    rid, cid, review.ease, review.ivl, review.last_ivl, review.factor,
                    review.time_ms, review.type,
                )
                for rid, (cid, review) in zip(review_ids, reviews, strict=True)
            ),
        )  # fmt: skip
        db.commit()
    finally:
        db.close()


def _unique_ids(wanted: list[int]) -> list[int]:
    """Ids as close to `wanted` as they can be while unique: Anki's ids are creation times in
    milliseconds, and two reviews (or cards) can share one. Order among equals is kept."""
    ids = [0] * len(wanted)
    last: int | None = None
    for index in sorted(range(len(wanted)), key=lambda i: wanted[i]):
        value = wanted[index] if last is None else max(wanted[index], last + 1)
        ids[index] = last = value
    return ids


def _deck_ids(names: Iterable[str]) -> dict[str, int]:
    """An id for each deck and each of its parents (`A::B` needs `A`), `Default` first."""
    ids = {"Default": DEFAULT_DECK_ID}
    for name in sorted(set(names)):
        parts = name.split("::")
        for depth in range(1, len(parts) + 1):
            ids.setdefault("::".join(parts[:depth]), len(ids) + 1)
    return ids


def _conf(col: Collection11) -> dict[str, Any]:
    return {
        "activeDecks": [DEFAULT_DECK_ID],
        "curDeck": DEFAULT_DECK_ID,
        "curModel": NOTE_TYPES["basic"].id,
        "nextPos": 1 + sum(1 for n in col.notes for c in n.cards if c.type == 0),
        "schedVer": 2,
        "sched2021": True,
        "fsrs": True,
        "rollover": col.rollover_hour,
        "creationOffset": col.minutes_west,
        "localOffset": col.minutes_west,
        "estTimes": True,
        "dueCounts": True,
        "dayLearnFirst": False,
        "newSpread": 0,
        "collapseTime": 1200,
        "timeLim": 0,
        "sortType": "noteFld",
        "sortBackwards": False,
        "addToCur": True,
    }


def _models(modified: int) -> dict[str, Any]:
    models = {}
    for note_type in NOTE_TYPES.values():
        models[str(note_type.id)] = {
            "id": note_type.id,
            "name": note_type.name,
            "type": 1 if note_type.cloze else 0,
            "mod": modified,
            "usn": -1,
            "sortf": 0,
            "did": None,
            "tmpls": [
                {
                    "name": name, "ord": ord_, "qfmt": qfmt, "afmt": afmt,
                    "bqfmt": "", "bafmt": "", "did": None, "bfont": "", "bsize": 0,
                }
                for ord_, (name, qfmt, afmt) in enumerate(note_type.templates)
            ],
            "flds": [
                {
                    "name": name, "ord": ord_, "sticky": False, "rtl": False,
                    "font": "Arial", "size": 20, "description": "", "plainText": False,
                    "collapsed": False, "excludeFromSearch": False,
                }
                for ord_, name in enumerate(note_type.fields)
            ],
            "css": CSS,
            "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n"
            "\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n"
            "\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
            "latexPost": "\\end{document}",
            "latexsvg": False,
            "req": [[0, "any", [0]]],
            "tags": [],
            "vers": [],
        }  # fmt: skip
    return models


def _decks(ids: dict[str, int], modified: int) -> dict[str, Any]:
    return {
        str(deck_id): {
            "id": deck_id,
            "name": name,
            "mod": modified,
            "usn": -1,
            "desc": "",
            "dyn": 0,
            "conf": DEFAULT_CONFIG_ID if deck_id == DEFAULT_DECK_ID else PREP_CONFIG_ID,
            "collapsed": False,
            "browserCollapsed": False,
            "extendNew": 0,
            "extendRev": 0,
            "newToday": [0, 0],
            "revToday": [0, 0],
            "lrnToday": [0, 0],
            "timeToday": [0, 0],
        }
        for name, deck_id in ids.items()
    }


def _deck_config(options: DeckOptions, config_id: int, modified: int) -> dict[str, Any]:
    return {
        "id": config_id,
        "name": "Default" if config_id == DEFAULT_CONFIG_ID else "prep",
        "mod": modified,
        "usn": 0,
        "maxTaken": 60,
        "autoplay": True,
        "timer": 0,
        "replayq": True,
        "dyn": False,
        "new": {
            "bury": False,
            "delays": list(options.learning_steps_minutes),
            "initialFactor": 2500,
            "ints": [1, 4, 0],
            "order": 1,
            "perDay": options.new_per_day,
        },
        "rev": {
            "bury": False,
            "ease4": 1.3,
            "ivlFct": 1.0,
            "maxIvl": options.maximum_interval,
            "perDay": options.reviews_per_day,
            "hardFactor": 1.2,
        },
        "lapse": {
            "delays": list(options.relearning_steps_minutes),
            "leechAction": 0,  # suspend, as prep does
            "leechFails": options.leech_fails,
            "minInt": 1,
            "mult": 0.0,
        },
        "desiredRetention": options.desired_retention,
        "fsrsParams6": list(options.fsrs_parameters),
    }


_TAG = re.compile(r"<[^>]*>", re.DOTALL)
_IMG = re.compile(r"<img[^>]*\bsrc=[\"']?([^\"' >]+)[^>]*>", re.IGNORECASE)


def sort_field(text: str) -> str:
    """A field as Anki sorts and searches it: tags stripped (image names kept), entities decoded."""
    text = _IMG.sub(lambda m: f" {m.group(1)} ", text)
    return html.unescape(_TAG.sub("", text)).strip()


def field_checksum(text: str) -> int:
    """Anki's duplicate-check sum: the first 32 bits of the SHA-1 of the stripped first field."""
    return int(hashlib.sha1(sort_field(text).encode("utf-8")).hexdigest()[:8], 16)
