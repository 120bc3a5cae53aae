"""Sync writes notes and cards in bulk: large files, edits, removals and suspensions."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import Table, select

from prep.app import App
from prep.core.schedule import Grade
from prep.services.review import answer, card_info, set_suspended
from prep.services.sync import FILE_SLOT, sync_decks
from prep.store.bulk import CHUNK, insert_many
from prep.store.models import CardRow, NoteRow
from tests.conftest import write_deck

# More notes than one IN (...) chunk, so every chunked query runs more than once.
NOTES = CHUNK * 2 + 137


def big_deck(
    deck: str, skip: frozenset[int] = frozenset(), edited: frozenset[int] = frozenset()
) -> str:
    parts = [f"---\ndeck: {deck}\n---\n"]
    for i in range(NOTES):
        if i in skip:
            continue
        question = f"Edited question {i}?" if i in edited else f"Question {i}?"
        if i % 10 == 0:
            parts.append(
                f"## big-{i:04d} {{cloze}}\nFact {i}: {{{{c1::one}}}} and {{{{c2::two}}}}.\n"
            )
        elif i % 10 == 1:
            parts.append(f"## big-{i:04d} {{reverse}}\nQ: {question}\nA: Answer {i}.\n")
        else:
            parts.append(f"## big-{i:04d}\nQ: {question}\nA: Answer {i}.\ntags: easy\n")
    return "\n".join(parts)


def card_rows(app: App) -> dict[str, tuple[str, int, bool, bool, bool]]:
    """key -> (deck, ordinal, active, removed, suspended)."""
    with app.uow() as uow:
        rows = uow.session.scalars(select(CardRow))
        return {c.key: (c.deck, c.ordinal, c.active, c.removed, c.suspended) for c in rows}


def note_rows(app: App) -> dict[str, NoteRow]:
    with app.uow() as uow:
        return {n.note_id: n for n in uow.session.scalars(select(NoteRow))}


def expected_keys() -> set[str]:
    keys: set[str] = set()
    for i in range(NOTES):
        nid = f"big-{i:04d}"
        if i % 10 == 0:
            keys |= {f"{nid}:c1", f"{nid}:c2"}
        elif i % 10 == 1:
            keys |= {nid, f"{nid}:rev"}
        else:
            keys.add(nid)
    return keys


def test_large_file_loads_every_note_and_card(app: App, deck_dir: Path) -> None:
    write_deck(deck_dir, "big.md", big_deck("Big"))
    report = sync_decks(app)
    assert report.errors == []
    assert report.notes_added == NOTES + 4
    assert report.cards_added == len(expected_keys()) + 6
    cards = card_rows(app)
    assert expected_keys() <= set(cards)
    assert cards["big-0010:c2"] == ("Big", 2, True, False, False)
    assert cards["big-0011:rev"] == ("Big", 1, True, False, False)
    notes = note_rows(app)
    rank = 0  # big.md sorts before stats.md
    assert notes["big-0012"].position == rank * FILE_SLOT + 12
    assert notes["big-0012"].line > 1 and notes["big-0012"].tags == " easy "
    assert notes["stats-p-value"].position == FILE_SLOT


def test_editing_a_large_file_updates_removes_and_keeps_history(app: App, deck_dir: Path) -> None:
    write_deck(deck_dir, "big.md", big_deck("Big"))
    sync_decks(app)
    answer(app, "big-0502", Grade.GOOD)
    write_deck(
        deck_dir,
        "big.md",
        big_deck("Big::Moved", frozenset({3, 600, 1001}), frozenset({502, 1102})),
    )
    report = sync_decks(app)
    assert report.errors == []
    assert (report.notes_added, report.notes_removed, report.cards_added) == (0, 3, 0)
    # Every note changed deck; that is an edit of each kept note.
    assert report.notes_updated == NOTES - 3
    cards = card_rows(app)
    assert cards["big-0003"] == ("Big", 0, False, False, False)
    assert cards["big-0600:c1"][2:] == (False, False, False)
    assert cards["big-1001:rev"][2] is False
    assert cards["big-0502"] == ("Big::Moved", 0, True, False, False)
    info = card_info(app, "big-0502")
    assert info.front == "Edited question 502?" and info.memory.reps == 1
    notes = note_rows(app)
    assert notes["big-0600"].removed and not notes["big-0601"].removed
    assert notes["big-0601"].position == 599  # positions close up after removed notes
    # Put the notes back: restored, with their cards active again.
    write_deck(deck_dir, "big.md", big_deck("Big::Moved"))
    report = sync_decks(app)
    assert (report.notes_restored, report.notes_updated, report.notes_removed) == (3, 2, 0)
    cards = card_rows(app)
    assert cards["big-0003"] == ("Big::Moved", 0, True, False, False)
    assert cards["big-0600:c2"] == ("Big::Moved", 2, True, False, False)


def test_suspended_card_stays_suspended_through_edits_and_restores(
    app: App, deck_dir: Path
) -> None:
    sync_decks(app)
    set_suspended(app, "term-mle:rev", True)
    path = deck_dir / "stats.md"
    original = path.read_text()
    path.write_text(original.replace("Maximum likelihood estimation", "MLE"))
    assert sync_decks(app).notes_updated == 1
    cards = card_rows(app)
    assert cards["term-mle:rev"][2:] == (False, False, True)
    assert cards["term-mle"][2:] == (True, False, False)
    path.write_text(original.replace("## term-mle {reverse}", "## term-mle-gone {reverse}"))
    sync_decks(app)
    path.write_text(original)
    assert sync_decks(app).notes_restored == 1
    cards = card_rows(app)
    assert cards["term-mle:rev"][2:] == (False, False, True)
    assert cards["term-mle"][2:] == (True, False, False)


def test_cloze_deletion_that_comes_back_is_active_again(app: App, deck_dir: Path) -> None:
    sync_decks(app)
    path = deck_dir / "stats.md"
    original = path.read_text()
    path.write_text(original.replace("{{c2::normal}}", "normal"))
    sync_decks(app)
    assert card_rows(app)["stats-clt:c2"][2:4] == (False, True)
    path.write_text(original.replace("{{c2::normal}}", "{{c2::normal}} {{c3::bell-shaped}}"))
    report = sync_decks(app)
    assert report.cards_added == 1 and report.notes_updated == 1
    cards = card_rows(app)
    assert cards["stats-clt:c2"] == ("Stats::Testing", 2, True, False, False)
    assert cards["stats-clt:c3"] == ("Stats::Testing", 3, True, False, False)


def test_deleted_large_file_removes_all_its_notes(app: App, deck_dir: Path) -> None:
    write_deck(deck_dir, "big.md", big_deck("Big"))
    sync_decks(app)
    (deck_dir / "big.md").unlink()
    report = sync_decks(app)
    assert report.notes_removed == NOTES
    cards = card_rows(app)
    assert not any(active for key, (_, _, active, _, _) in cards.items() if key.startswith("big-"))
    assert cards["stats-p-value"][2] is True


def test_insert_many_refuses_a_column_the_table_lacks(app: App) -> None:
    with (
        app.uow(write=True) as uow,
        pytest.raises(ValueError, match="cards has no column 'colour'"),
    ):
        insert_many(uow.session, cast(Table, CardRow.__table__), [{"key": "x", "colour": 1}])
