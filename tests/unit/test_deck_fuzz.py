"""Fuzz the deck parser by mutating valid decks (DESIGN §9).

Whatever bytes a deck file holds, `parse_deck_bytes` either returns a DeckFile or raises a
DeckError naming the file and a line that exists; it never fails in any other way.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from prep.core.deckfile import DeckFile, parse_deck_bytes
from prep.core.errors import DeckError
from prep.core.notes import NOTE_ID, NoteType

PATH = "decks/fuzz/sample.md"
DEFAULT_DECK = "Fuzz::Sample"


def _deck(text: str) -> bytes:
    return textwrap.dedent(text).lstrip().encode("utf-8")


BASIC = _deck(
    """
    ---
    deck: Statistics::Hypothesis testing
    area: statistics
    tags: [statistics]
    ---

    ## stats-p-value
    Q: What does a p-value measure?
    A: The probability, under the null, of a statistic at least as extreme
    as the one observed. It is not P(null is true).
    tags: hypothesis-testing, easy

    ## stats-power
    Q: What is the power of a test?
    A: The probability of rejecting the null when the alternative is true.
    """
)

REVERSE = _deck(
    """
    ---
    deck: ML::Terms
    ---

    ## term-mle {reverse}
    Q: Maximum likelihood estimation
    A: Choosing parameters that maximise the probability of the observed data.
    tags: estimation, easy

    ## term-map {reverse}
    Q: Maximum a posteriori estimation
    A: The mode of the posterior: likelihood times prior.
    """
)

CLOZE = _deck(
    """
    ---
    deck: Statistics::Theorems
    tags: theorems
    ---

    ## stats-clt {cloze}
    The central limit theorem: the {{c1::sampling distribution of the mean}} approaches a
    {{c2::normal}} distribution as n grows, whatever the population's shape.
    tags: clt, medium

    ## stats-lln {cloze}
    The law of large numbers: the sample mean converges to the {{c1::population mean::which?}}.
    """
)

BEHAVIORAL = _deck(
    """
    ---
    deck: Behavioral
    area: behavioral
    ---

    ## behav-conflict {behavioral}
    Q: Tell me about a time you disagreed with a teammate on a technical decision.
    A: What they listen for: you sought to understand, argued with data, disagreed and
    committed, and kept the relationship. Structure with STAR.
    tags: conflict, collaboration, medium

    ## behav-failure {behavioral}
    Q: Tell me about a project that failed.
    A: Ownership, what you learned, what you changed afterwards.
    tags: failure, learning, hard
    """
)

FENCED = _deck(
    """
    ---
    deck: CS::Python
    tags: [python, code]
    ---

    ## py-mutable-default
    Q: What does this print?
    ```python
    def f(x=[]):
        x.append(1)
        return x
    ## not-a-note inside a fence
    A: not an answer either
    ```
    A: `[1]` then `[1, 1]`: the default list is created once.
    ````text
    ```
    ## still-in-the-outer-fence
    ```
    ````
    tags: python, medium

    ## py-gil {reverse}
    Q: The lock that lets one thread run Python bytecode at a time
    A: The GIL.
    ~~~
    tags: not-the-tag-line
    ~~~
    tags: concurrency
    """
)

PLAIN = _deck(
    """
    Notes before the first header are ignored.

    ## plain-one
    Q: One?
    A: One.

    ## plain-two {cloze}
    {{c1::Two}} and {{c3::three}}.
    """
)

CRLF = b"\xef\xbb\xbf" + _deck(
    """
    ---
    deck: Windows::Line endings
    ---
    ## crlf-note
    Q: Does a BOM and CRLF parse?
    A: Yes.
    tags: easy
    """
).replace(b"\n", b"\r\n")

SEEDS = {
    "basic": BASIC,
    "reverse": REVERSE,
    "cloze": CLOZE,
    "behavioral": BEHAVIORAL,
    "fenced": FENCED,
    "plain": PLAIN,
    "crlf": CRLF,
}

EXPECTED: dict[str, tuple[str, list[str], list[str]]] = {
    "basic": (
        "Statistics::Hypothesis testing",
        ["stats-p-value", "stats-power"],
        ["stats-p-value", "stats-power"],
    ),
    "reverse": (
        "ML::Terms",
        ["term-mle", "term-map"],
        ["term-mle", "term-mle:rev", "term-map", "term-map:rev"],
    ),
    "cloze": (
        "Statistics::Theorems",
        ["stats-clt", "stats-lln"],
        ["stats-clt:c1", "stats-clt:c2", "stats-lln:c1"],
    ),
    "behavioral": (
        "Behavioral",
        ["behav-conflict", "behav-failure"],
        ["behav-conflict", "behav-failure"],
    ),
    "fenced": (
        "CS::Python",
        ["py-mutable-default", "py-gil"],
        ["py-mutable-default", "py-gil", "py-gil:rev"],
    ),
    "plain": (
        DEFAULT_DECK,
        ["plain-one", "plain-two"],
        ["plain-one", "plain-two:c1", "plain-two:c3"],
    ),
    "crlf": ("Windows::Line endings", ["crlf-note"], ["crlf-note"]),
}

# Lines worth splicing in: fences (balanced or not), headers, fields, front-matter fences.
INTERESTING_LINES = [
    b"```",
    b"````",
    b"~~~",
    b"```python",
    b"   ```",
    b"## x",
    b"## x {cloze}",
    b"## x {reverse}",
    b"## x {nonsense}",
    b"## Bad_Id",
    b"##",
    b"### a subheading",
    b"Q:",
    b"Q: a question",
    b"A:",
    b"A: an answer",
    b"tags:",
    b"tags: ok, bad tag!",
    b"---",
    b"...",
    b"deck: A::::B",
    b"tags: {not: a list}",
    b"{{c1::",
    b"}}",
    b"{{c0::zero}}",
    b"{{c2::}}",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
]


def _split(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def mutate(data: bytes, ops: list[tuple[str, int, int, bytes]]) -> bytes:
    """Apply each (kind, position, value, blob) mutation in turn. Positions wrap around."""
    for kind, pos, value, blob in ops:
        lines = _split(data)
        i = pos % len(lines)
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = (i + 1 + value) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert-line":
            lines.insert(i, INTERESTING_LINES[value % len(INTERESTING_LINES)])
        elif kind == "remove-fence":
            fences = [
                n for n, line in enumerate(lines) if line.lstrip().startswith((b"```", b"~~~"))
            ]
            if fences:
                del lines[fences[value % len(fences)]]
        elif kind == "truncate":
            data = data[: pos % (len(data) + 1)]
            continue
        elif kind == "garble":
            if data:
                at = pos % len(data)
                data = data[:at] + bytes([value]) + data[at + 1 :]
            continue
        elif kind == "insert-bytes":
            at = pos % (len(data) + 1)
            data = data[:at] + blob + data[at:]
            continue
        elif kind == "delete-bytes":
            at = pos % (len(data) + 1)
            data = data[:at] + data[at + 1 + value % 16 :]
            continue
        data = _join(lines)
    return data


KINDS = [
    "drop",
    "duplicate",
    "swap",
    "insert-line",
    "remove-fence",
    "truncate",
    "garble",
    "insert-bytes",
    "delete-bytes",
]

mutations = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(min_value=0, max_value=1 << 20),
        st.integers(min_value=0, max_value=255),
        st.binary(max_size=8),
    ),
    max_size=10,
)


def line_count(data: bytes) -> int:
    """The number of lines the parser sees: str.splitlines() when the bytes decode."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data.count(b"\n") + 1
    return len(text.removeprefix("\ufeff").splitlines())


def check_parse(data: bytes) -> DeckFile | None:
    """The property: a DeckFile, or a DeckError at an existing line; never anything else."""
    try:
        deck = parse_deck_bytes(data, PATH, DEFAULT_DECK)
    except DeckError as exc:
        assert type(exc.line) is int, exc.line
        assert 1 <= exc.line <= line_count(data) + 1, (exc.line, line_count(data), str(exc))
        assert str(exc).startswith(PATH), str(exc)
        assert exc.path == PATH
        return None
    assert isinstance(deck, DeckFile)
    assert deck.path == PATH
    ids = [note.id for note in deck.notes]
    assert len(ids) == len(set(ids)), ids
    keys: list[str] = []
    for note in deck.notes:
        assert NOTE_ID.fullmatch(note.id), note.id
        assert isinstance(note.type, NoteType)
        assert 1 <= note.line <= line_count(data)
        cards = note.cards()
        assert cards, note
        keys += [card.key for card in cards]
    assert len(keys) == len(set(keys)), keys
    return deck


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(sorted(SEEDS)), ops=mutations)
@example(seed="fenced", ops=[("remove-fence", 0, 0, b"")])
@example(seed="fenced", ops=[("insert-line", 9, 0, b"")])
@example(seed="basic", ops=[("garble", 20, 0xFF, b"")])
@example(seed="basic", ops=[("truncate", 3, 0, b"")])
@example(seed="cloze", ops=[("insert-line", 7, INTERESTING_LINES.index(b"{{c1::"), b"")])
def test_mutated_decks_parse_or_raise_deck_error(
    seed: str, ops: list[tuple[str, int, int, bytes]]
) -> None:
    check_parse(mutate(SEEDS[seed], ops))


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_parse_or_raise_deck_error(data: bytes) -> None:
    check_parse(data)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_decks_parse_to_expected_notes_and_cards(name: str) -> None:
    deck_name, note_ids, card_keys = EXPECTED[name]
    deck = parse_deck_bytes(SEEDS[name], PATH, DEFAULT_DECK)
    assert deck.deck == deck_name
    assert [n.id for n in deck.notes] == note_ids
    assert [c.key for n in deck.notes for c in n.cards()] == card_keys
    assert all(n.deck == deck_name for n in deck.notes)


def test_fenced_header_and_answer_stay_inside_the_question() -> None:
    deck = parse_deck_bytes(FENCED, PATH, DEFAULT_DECK)
    first, second = deck.notes
    assert "## not-a-note inside a fence" in first.question
    assert "A: not an answer either" in first.question
    assert first.answer.startswith("`[1]` then `[1, 1]`")
    assert "## still-in-the-outer-fence" in first.answer
    assert first.tags == ("python", "code", "medium")
    assert second.type is NoteType.REVERSE
    assert "tags: not-the-tag-line" in second.answer
    assert second.tags == ("python", "code", "concurrency")


def test_seed_tags_area_and_lines() -> None:
    basic = parse_deck_bytes(BASIC, PATH, DEFAULT_DECK)
    assert basic.area == "statistics"
    assert basic.tags == ("statistics",)
    p_value, power = basic.notes
    assert (p_value.line, power.line) == (7, 13)
    assert p_value.tags == ("statistics", "hypothesis-testing", "easy")
    assert p_value.difficulty == "easy"
    assert p_value.answer.endswith("It is not P(null is true).")
    behavioral = parse_deck_bytes(BEHAVIORAL, PATH, DEFAULT_DECK)
    assert behavioral.notes[0].competencies == ("conflict", "collaboration")
    assert behavioral.notes[1].difficulty == "hard"


@pytest.mark.parametrize(
    ("ops", "line", "detail"),
    [
        # Without the fence closing line 14, both `A:` lines are fenced: no answer.
        ([("remove-fence", 0, 1, b"")], 6, "note has a 'Q:' but no 'A:' line"),
        # A fence opened on the last line is never closed.
        ([("insert-line", 29, INTERESTING_LINES.index(b"```"), b"")], 30, "never closed"),
        # Dropping the closing front-matter fence.
        ([("drop", 3, 0, b"")], 1, "front matter opened with '---' is never closed"),
        # An invalid UTF-8 byte on line 7.
        ([("garble", FENCED.index(b"Q: What"), 0xFF, b"")], 7, "not valid UTF-8"),
        # Without its `Q:` line the note starts with a fence.
        ([("drop", 6, 0, b"")], 7, "a note's text must start with 'Q:'"),
        # An empty `Q:` before the answer.
        (
            [("insert-line", 23, INTERESTING_LINES.index(b"Q:"), b""), ("drop", 24, 0, b"")],
            24,
            "the question after 'Q:' is empty",
        ),
    ],
)
def test_specific_mutations_report_the_right_line(
    ops: list[tuple[str, int, int, bytes]], line: int, detail: str
) -> None:
    with pytest.raises(DeckError) as info:
        parse_deck_bytes(mutate(FENCED, ops), PATH, DEFAULT_DECK)
    assert info.value.line == line
    assert detail in info.value.detail
    assert str(info.value).startswith(f"{PATH}:{line}: ")


def test_huge_cloze_number_is_a_deck_error() -> None:
    data = b"## big {cloze}\n{{c" + b"1" * 5000 + b"::x}}\n"
    with pytest.raises(DeckError) as info:
        parse_deck_bytes(data, PATH, DEFAULT_DECK)
    assert info.value.line == 2


def test_a_form_feed_is_not_a_line_break() -> None:
    data = b"## a\nQ: page one\x0cpage two\nA: x\n## B\n"
    with pytest.raises(DeckError) as info:
        parse_deck_bytes(data, PATH, DEFAULT_DECK)
    assert info.value.line == 4  # `## B` is on the fourth line of the file
