"""Anki notes mapped to prep notes: ids, tags, decks, layouts, and text that must not break
the deck-file grammar. Also the hand-written protobuf reader."""

from __future__ import annotations

import pytest

from prep.core.deckfile import parse_deck
from prep.core.notes import NoteType
from prep.core.schedule import Grade
from prep.interop import protobuf
from prep.interop.anki_collection import NoteKind, SourceNote, SourceReview, Template
from prep.interop.anki_notes import (
    Unmappable,
    deck_name,
    layout,
    map_note,
    note_id_for,
    prep_tag,
    text_card_ords,
)
from prep.services.anki_history import kind_of

BASIC = NoteKind(1, "Basic", False, ("Front", "Back"), (Template("Card 1", "{{Front}}", "x"),))
REVERSED = NoteKind(
    2, "Basic (and reversed card)", False, ("Front", "Back"),
    (Template("Card 1", "{{Front}}", ""), Template("Card 2", "{{Back}}", "")),
)  # fmt: skip
OPTIONAL = NoteKind(
    3, "Basic (optional reversed card)", False, ("Front", "Back", "Add Reverse"),
    (Template("Card 1", "{{Front}}", ""),
     Template("Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", "")),
)  # fmt: skip
CLOZE = NoteKind(
    4, "Cloze", True, ("Text", "Back Extra"),
    (Template("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}"),),
)  # fmt: skip


def note(kind: NoteKind, *fields: str, tags: tuple[str, ...] = (), guid: str = "g1") -> SourceNote:
    return SourceNote(1, guid, kind.id, fields, tags)


def mapped(kind: NoteKind, *fields: str, ords: set[int] | None = None, **kw: object):  # type: ignore[no-untyped-def]
    return map_note(note(kind, *fields, **kw), kind, "Deck", ords or {0}, lambda s: s)  # type: ignore[arg-type]


def test_note_ids_are_stable_valid_and_round_trip_prep_guids() -> None:
    a = note_id_for("OQ{u5l,<#|")
    assert a == note_id_for("OQ{u5l,<#|") and a.startswith("anki-") and len(a) == 17
    assert a != note_id_for("OQ{u5l,<#}")
    assert note_id_for("prep:stats-p-value") == "stats-p-value"
    assert note_id_for("prep:Not Valid").startswith("anki-")


@pytest.mark.parametrize(
    ("tag", "kept"),
    [("math", "math"), ("a::b", "a::b"), ("día", "dia"), ("C++ (lang)", "C++-lang"),
     ("#hash", "hash"), ("日本", None)],
)  # fmt: skip
def test_tags_become_valid_prep_tags(tag: str, kept: str | None) -> None:
    result = prep_tag(tag)
    assert result == kept if kept else result.startswith("tag-")


def test_deck_names_and_prefix() -> None:
    assert deck_name("A::B") == "A::B"
    assert deck_name(" A :: B ", "Anki::Old") == "Anki::Old::A::B"
    assert deck_name("") == "Default"


def test_layouts() -> None:
    assert (layout(BASIC).front, layout(BASIC).back) == ((0,), (1,))
    optional = layout(OPTIONAL)
    assert (optional.front, optional.back) == ((0,), (1,))  # "Add Reverse" is only a condition
    assert (layout(CLOZE).cloze, layout(CLOZE).back) == (0, (1,))
    assert text_card_ords(OPTIONAL, ("a", "b", "")) == {0}
    assert text_card_ords(OPTIONAL, ("a", "b", "y")) == {0, 1}
    assert text_card_ords(REVERSED, ("a", "b")) == {0, 1}


def test_basic_reverse_and_cloze_blocks_parse_back() -> None:
    basic = mapped(BASIC, "front", "back", tags=("x", "bad tag"))
    assert basic.block == f"## {basic.note_id}\nQ: front\nA: back\ntags: x, bad-tag\n"
    assert basic.cards == {0: basic.note_id}
    rev = mapped(REVERSED, "f", "b", ords={0, 1})
    assert rev.note.type is NoteType.REVERSE
    assert rev.cards == {0: rev.note_id, 1: f"{rev.note_id}:rev"}
    cloze = mapped(CLOZE, "{{c1::a}} and {{c3::b}}", "extra", ords={0, 1, 2})
    assert cloze.note.question == "{{c1::a}} and {{c3::b}}\n\nextra"
    assert cloze.cards == {0: f"{cloze.note_id}:c1", 2: f"{cloze.note_id}:c3"}  # no c2


def test_text_that_looks_like_deck_structure_is_escaped() -> None:
    tricky = mapped(
        BASIC, "first<br>A: not the answer<br>## not a note<h2>Heading</h2>", "x<br>tags: not tags"
    )
    parsed = parse_deck(tricky.block, "f.md", "Deck").notes[0]
    assert parsed.question == "first\nA\\: not the answer\n\\## not a note\n\n### Heading"
    assert parsed.answer == "x\ntags\\: not tags"
    assert parsed.tags == ()


def test_a_field_starting_with_code_gets_its_own_line() -> None:
    code = mapped(BASIC, "<pre>x = 1</pre>", "<pre>## inside a fence</pre>")
    assert code.block.split("\n")[1:3] == ["Q:", "```"]
    parsed = parse_deck(code.block, "f.md", "Deck").notes[0]
    assert parsed.answer == "```\n## inside a fence\n```"


def test_empty_side_is_marked_and_all_empty_is_refused() -> None:
    assert mapped(BASIC, "only a front", "").note.answer == "(empty)"
    with pytest.raises(Unmappable, match="every field of this 'Basic' note is empty"):
        mapped(BASIC, "", "")


@pytest.mark.parametrize(
    ("text", "reason"),
    [("no deletions here", "has no {{c1::…}} deletion"),
     ("{{c1::image-occlusion:rect:left=.1}}", "image occlusion"),
     ("{{c1::outer {{c2::inner}} }}", "does not fit a deck file")],
)  # fmt: skip
def test_cloze_notes_prep_cannot_hold(text: str, reason: str) -> None:
    with pytest.raises(Unmappable, match=reason):
        mapped(CLOZE, text, "")


def test_protobuf_reader() -> None:
    # MediaEntries{entries: [MediaEntry{name: "a.png", size: 300, sha1: b"\x01\x02"}]}
    entry = b"\x0a\x05a.png" + b"\x10\xac\x02" + b"\x1a\x02\x01\x02"
    message = protobuf.fields(b"\x0a" + bytes([len(entry)]) + entry)
    (blob,) = protobuf.messages(message, 1)
    item = protobuf.fields(blob)
    assert protobuf.first_text(item, 1) == "a.png"
    assert protobuf.first_int(item, 2) == 300
    assert item[3] == [b"\x01\x02"]
    assert protobuf.first_int(protobuf.fields(b"\x08\x03"), 1) == 3
    for broken in (b"\x0a\x05ab", b"\x08", b"\x0b", b"\x00"):
        with pytest.raises(protobuf.WireError):
            protobuf.fields(broken)


@pytest.mark.parametrize(
    ("ease", "kind", "interval", "factor", "three_button", "expected"),
    [
        (3, 1, 5, 2500, False, ("review", Grade.GOOD)),
        (2, 0, 0, 0, False, ("review", Grade.HARD)),
        (2, 0, 0, 0, True, ("review", Grade.GOOD)),  # v1 learning: Again, Good, Easy
        (3, 2, 0, 0, True, ("review", Grade.EASY)),
        (3, 1, 5, 2500, True, ("review", Grade.GOOD)),  # v1 review cards had four buttons
        (0, 4, 0, 0, False, ("forget", None)),  # Forget / reset to new
        (0, 4, 20, 2500, False, (None, None)),  # set due date
        (7, 1, 1, 2500, False, (None, None)),
    ],
)
def test_revlog_entries_to_prep_logs(
    ease: int,
    kind: int,
    interval: int,
    factor: int,
    three_button: bool,
    expected: tuple[str | None, Grade | None],
) -> None:
    entry = SourceReview(1, 2, ease, interval, factor, 1000, kind)
    assert kind_of(entry, three_button) == expected
