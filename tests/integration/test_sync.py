from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from prep.app import App
from prep.core.schedule import Grade
from prep.services.review import answer, card_info
from prep.services.sync import sync_decks
from prep.services.today import today_queue
from prep.store.models import CardRow, NoteRow
from tests.conftest import FakeClock, write_deck


def cards(app: App) -> dict[str, CardRow]:
    with app.uow() as uow:
        return {c.key: c for c in uow.session.scalars(select(CardRow))}


def test_first_sync_loads_every_card(app: App) -> None:
    report = sync_decks(app)
    assert report.errors == []
    assert report.notes_added == 4
    assert set(cards(app)) == {
        "stats-p-value",
        "stats-clt:c1",
        "stats-clt:c2",
        "behav-conflict",
        "term-mle",
        "term-mle:rev",
    }


def test_unchanged_files_are_skipped(app: App) -> None:
    sync_decks(app)
    again = sync_decks(app)
    assert again.files_parsed == 0 and not again.changed


def test_touched_but_identical_file_is_skipped_by_hash(app: App, deck_dir: Path) -> None:
    sync_decks(app)
    path = deck_dir / "stats.md"
    path.write_bytes(path.read_bytes())
    import os

    os.utime(path, ns=(1, 1))
    assert sync_decks(app).files_parsed == 0


def test_editing_text_keeps_history(app: App, deck_dir: Path) -> None:
    sync_decks(app)
    answer(app, "stats-p-value", Grade.GOOD)
    path = deck_dir / "stats.md"
    path.write_text(path.read_text().replace("What does a p-value measure?", "Define the p-value."))
    report = sync_decks(app)
    assert report.notes_updated == 1
    info = card_info(app, "stats-p-value")
    assert info.front == "Define the p-value."
    assert info.memory.reps == 1 and len(info.history) == 1


def test_moving_a_note_to_another_file_keeps_history(app: App, deck_dir: Path) -> None:
    sync_decks(app)
    answer(app, "stats-p-value", Grade.EASY)
    path = deck_dir / "stats.md"
    text = path.read_text()
    block = text[text.index("## stats-p-value") : text.index("## stats-clt")]
    path.write_text(text.replace(block, ""))
    write_deck(deck_dir, "moved/other.md", "---\ndeck: Other\n---\n" + block)
    report = sync_decks(app)
    assert report.errors == [] and report.notes_removed == 0
    info = card_info(app, "stats-p-value")
    assert info.note.deck == "Other" and info.note.path.endswith("other.md")
    assert info.memory.state == "review" and info.active


def test_removed_note_is_suspended_then_restored(app: App, deck_dir: Path) -> None:
    sync_decks(app)
    path = deck_dir / "stats.md"
    original = path.read_text()
    path.write_text(original.replace("## term-mle {reverse}", "## term-mle-x {reverse}"))
    report = sync_decks(app)
    assert report.notes_removed == 1
    assert not cards(app)["term-mle"].active and not cards(app)["term-mle:rev"].active
    assert "term-mle" not in {i.candidate.key for i in today_queue(app)}
    path.write_text(original)
    assert sync_decks(app).notes_restored == 1
    assert cards(app)["term-mle"].active


def test_deleted_file_in_present_directory_suspends(app: App, deck_dir: Path) -> None:
    sync_decks(app)
    (deck_dir / "stats.md").unlink()
    report = sync_decks(app)
    assert report.notes_removed == 4
    assert not any(c.active for c in cards(app).values())


def test_missing_directory_makes_cards_unavailable_not_removed(app: App, deck_dir: Path) -> None:
    sync_decks(app)
    answer(app, "stats-p-value", Grade.GOOD)
    moved = deck_dir.with_name("elsewhere")
    deck_dir.rename(moved)
    report = sync_decks(app)
    assert report.notes_removed == 0
    with app.uow() as uow:
        notes = list(uow.session.scalars(select(NoteRow)))
    assert all(not n.available and not n.removed for n in notes)
    assert today_queue(app) == []
    moved.rename(deck_dir)
    sync_decks(app)
    assert cards(app)["stats-p-value"].active
    assert card_info(app, "stats-p-value").memory.reps == 1


def test_malformed_file_is_reported_and_others_load(app: App, deck_dir: Path) -> None:
    write_deck(deck_dir, "broken.md", "## ok-note\nQ: fine\nA: fine\n\n## Bad Header!\nQ: x\n")
    report = sync_decks(app)
    assert len(report.errors) == 1
    assert "broken.md:5:" in report.errors[0]
    assert "stats-p-value" in cards(app)
    # Still reported on the next run even though the file did not change.
    assert sync_decks(app).errors == report.errors


def test_duplicate_id_names_both_places(app: App, deck_dir: Path) -> None:
    write_deck(deck_dir, "zz.md", "## stats-p-value\nQ: dup?\nA: dup\n")
    report = sync_decks(app)
    assert len(report.errors) == 1
    err = report.errors[0]
    assert "zz.md:1" in err and "stats.md:" in err and "stats-p-value" in err
    assert card_info(app, "stats-p-value").front == "What does a p-value measure?"


def test_cloze_deletion_removed_suspends_that_card_only(app: App, deck_dir: Path) -> None:
    sync_decks(app)
    path = deck_dir / "stats.md"
    path.write_text(path.read_text().replace("{{c2::normal}}", "normal"))
    sync_decks(app)
    state = cards(app)
    assert state["stats-clt:c1"].active and not state["stats-clt:c2"].active


def test_prep_decks_env_adds_directories(tmp_path: Path, monkeypatch, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "mine"
    write_deck(extra, "a.md", "## mine-one\nQ: q\nA: a\n")
    monkeypatch.setenv("PREP_DECKS", str(extra))
    app = App.from_env()
    assert extra.resolve() in app.deck_dirs()
    sync_decks(app)
    assert "mine-one" in cards(app)
    assert cards(app)["mine-one"].deck == "a"
