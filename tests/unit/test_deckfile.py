from __future__ import annotations

import pytest

from prep.core.deckfile import parse_deck
from prep.core.errors import DeckError
from prep.core.notes import NoteType
from tests.conftest import SAMPLE_DECK


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_deck(text, "d.md", "Default::Deck")


def test_sample_deck_notes_and_card_ids() -> None:
    deck = parse(SAMPLE_DECK.lstrip())
    assert deck.deck == "Stats::Testing"
    assert deck.area == "statistics"
    assert [n.id for n in deck.notes] == [
        "stats-p-value",
        "stats-clt",
        "behav-conflict",
        "term-mle",
    ]
    keys = [c.key for n in deck.notes for c in n.cards()]
    assert keys == [
        "stats-p-value",
        "stats-clt:c1",
        "stats-clt:c2",
        "behav-conflict",
        "term-mle",
        "term-mle:rev",
    ]
    p_value = deck.notes[0]
    assert p_value.question == "What does a p-value measure?"
    assert p_value.tags == ("statistics", "hypothesis-testing", "easy")
    assert p_value.difficulty == "easy"
    assert deck.notes[2].type is NoteType.BEHAVIORAL
    assert deck.notes[2].competencies == ("conflict", "collaboration")


def test_cloze_sides() -> None:
    note = parse(SAMPLE_DECK.lstrip()).notes[1]
    c1, c2 = note.cards()
    assert "[…]" in c1.front and "normal" in c1.front and "sampling distribution" not in c1.front
    assert "**sampling distribution of the mean**" in c1.back
    assert "[…]" in c2.front and "sampling distribution of the mean" in c2.front


def test_cloze_hint_shown() -> None:
    note = parse("## x {cloze}\nA {{c1::cat::animal}} sat.\n").notes[0]
    assert note.cards()[0].front == "A [animal] sat."


def test_reverse_card_swaps_sides() -> None:
    note = parse(SAMPLE_DECK.lstrip()).notes[3]
    fwd, rev = note.cards()
    assert (rev.front, rev.back) == (fwd.back, fwd.front)


def test_fenced_code_is_opaque() -> None:
    text = "## code-note\nQ: What prints?\n```python\n## not-a-note\nA: not an answer\ntags: nope\n```\nA: 42\n```python\nprint(42)\n```\ntags: python, easy\n"
    note = parse(text).notes[0]
    assert "## not-a-note" in note.question
    assert note.answer.startswith("42")
    assert "print(42)" in note.answer
    assert note.tags == ("python", "easy")


def test_default_deck_from_path_without_front_matter() -> None:
    deck = parse("## a\nQ: q?\nA: a\n")
    assert deck.deck == "Default::Deck"
    assert deck.notes[0].tags == ()


def test_multiline_answer_until_tags_line() -> None:
    note = parse("## a\nQ: q\nspans\nA: line one\nline two\n\ntags: x, hard\n").notes[0]
    assert note.question == "q\nspans"
    assert note.answer == "line one\nline two"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("## Bad_Id\nQ: q\nA: a\n", 1, "note id 'Bad_Id'"),
        ("## a\nQ: q\nA: a\n\n## a\nQ: q\nA: b\n", 5, "already used at line 1"),
        ("## a\nQ: question only\n", 1, "no 'A:' line"),
        ("## a\nA: answer\n", 2, "must start with 'Q:'"),
        ("## a {weird}\nQ: q\nA: a\n", 1, "unknown note type"),
        ("## a {cloze}\nno deletions here\n", 1, "no deletion"),
        ("## a {cloze}\nopen {{c1::never closed\n", 2, "not closed"),
        ("## a\nQ: q\n```python\nA: x\n", 3, "never closed"),
        ("---\ndeck: [unclosed\n---\n## a\nQ: q\nA: a\n", 2, "not valid YAML"),
        ("---\ndeck: A\n", 1, "never closed"),
        ("---\ncolour: red\n---\n", 2, "unknown front-matter key 'colour'"),
        ("---\ndeck: 'A::::B'\n---\n", 2, "empty level"),
        ("## a\nQ: \nA: a\n", 2, "question after 'Q:' is empty"),
        ("## a\nQ: q\nA:\ntags: x\n", 3, "answer after 'A:' is empty"),
        ("#### fine\n## a b c\n", 2, "note header must look like"),
    ],
)
def test_errors_name_line_and_problem(text: str, line: int, fragment: str) -> None:
    with pytest.raises(DeckError) as err:
        parse(text)
    assert err.value.line == line
    assert fragment in str(err.value)
    assert str(err.value).startswith(f"d.md:{line}: ")


def test_invalid_utf8_reports_line() -> None:
    from prep.core.deckfile import parse_deck_bytes

    with pytest.raises(DeckError) as err:
        parse_deck_bytes(b"## a\nQ: q\nA: \xff\xfe\n", "d.md", "D")
    assert err.value.line == 3
    assert "UTF-8" in str(err.value)
