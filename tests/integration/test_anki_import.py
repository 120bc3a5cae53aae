"""Anki packages made by the real `anki` package, imported into prep (issue #8).

Every format current and older Anki writes: the default compressed export (anki21b), the
legacy export (anki21) and an old anki2-only package; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlalchemy import func, select

from prep.app import App
from prep.core.replay import replay
from prep.core.schedule import Grade, Memory, review
from prep.interop.anki_notes import note_id_for
from prep.services.anki_import import import_anki_file
from prep.services.review import answer
from prep.store.models import AnkiReviewRow, CardRow, FileJournalRow, NoteRow, ReviewLogRow
from prep.store.repo import from_db, log_entries, memory_of
from tests.anki_packages import (
    BASE,
    PNG,
    Built,
    anki_collection,
    build,
    copy_collection,
    export_package,
    ms,
    old_package,
)
from tests.conftest import FakeClock

pytest.importorskip("anki")


@dataclass
class Packages:
    built: Built
    files: dict[str, Path]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Packages:
    folder = tmp_path_factory.mktemp("anki")
    built = build(folder / "col")
    legacy = export_package(built.path, folder / "legacy.apkg", legacy=True)
    return Packages(
        built,
        {
            "anki21b": export_package(built.path, folder / "new.apkg", legacy=False),
            "anki21": legacy,
            "anki2": old_package(legacy, folder / "old.apkg"),
        },
    )


def key(packages: Packages, role: str, suffix: str = "") -> str:
    return note_id_for(packages.built.guids[role]) + suffix


def cards_by_key(app: App) -> dict[str, CardRow]:
    with app.uow() as uow:
        return {c.key: c for c in uow.session.scalars(select(CardRow))}


def logs_of(app: App, card_key: str) -> list[ReviewLogRow]:
    with app.uow() as uow:
        return list(
            uow.session.scalars(
                select(ReviewLogRow)
                .join(CardRow, CardRow.id == ReviewLogRow.card_id)
                .where(CardRow.key == card_key)
                .order_by(ReviewLogRow.id)
            )
        )


def assert_state_is_replay(app: App) -> None:
    """Every card's cached state is the replay of its logs; last_log_id is its newest log."""
    with app.uow() as uow:
        s = uow.session
        for card in s.scalars(select(CardRow)):
            entries = log_entries(s, card.id)
            assert memory_of(card) == replay(entries), card.key
            assert card.last_log_id == (entries[-1].id if entries else None), card.key


@pytest.mark.parametrize("fmt", ["anki21b", "anki21", "anki2"])
def test_package_imports_notes_decks_tags_media_and_history(
    anki_app: App, packages: Packages, fmt: str
) -> None:
    report = import_anki_file(anki_app, packages.files[fmt], deck_prefix="Anki")

    assert (report.notes_added, report.notes_updated, report.cards) == (7, 0, 10)
    assert (report.reviews, report.media, report.suspended) == (17, 1, 1)
    assert report.skipped["manual rescheduling in Anki (set due date: not a review)"] == 1
    assert (
        report.skipped["card with no prep equivalent (a third template, or an emptied cloze)"] == 1
    )
    assert report.skipped["review of a card that was not imported"] == 1  # the 3rd template's
    with anki_app.uow() as uow:
        notes = {n.note_id: n for n in uow.session.scalars(select(NoteRow))}
    # The decoy "please update" collection was not the one read.
    assert not any("Please update" in n.question for n in notes.values())
    basic, rev = notes[key(packages, "basic")], notes[key(packages, "reverse")]
    cloze, vocab = notes[key(packages, "cloze")], notes[key(packages, "vocab")]
    assert (basic.type, basic.deck) == ("basic", "Anki::Languages::Spanish::Verbs")
    assert (basic.question, basic.answer) == ("**hablar**", "to speak\nto talk")
    assert basic.tags.split() == ["dia", "verbs"]  # "día" is not a valid prep tag
    assert (rev.type, rev.question, rev.answer) == ("reverse", "comer", "to eat")
    assert (cloze.type, cloze.deck) == ("cloze", "Anki::Science")
    assert cloze.question == (
        "Light travels at {{c1::299,792 km/s::speed}} in {{c2::a vacuum}}.\n\nAbout 3 × 10^8 m/s."
    )
    assert vocab.type == "reverse" and vocab.question == "gato"
    assert vocab.answer == "**Meaning:** cat\n\n**Example:** El gato duerme."

    cards = cards_by_key(anki_app)
    assert len(cards) == 10
    for role, grades in packages.built.reviews.items():
        name = role.split(":")[0]
        suffix = {"reverse:1": ":rev", "cloze:0": ":c1", "cloze:1": ":c2"}.get(role, "")
        logs = logs_of(anki_app, key(packages, name, suffix))
        assert [log.rating or 0 for log in logs] == grades, role
    cloze2 = cards[key(packages, "cloze", ":c2")]
    assert [log.kind for log in logs_of(anki_app, cloze2.key)] == ["review", "forget"]
    assert (cloze2.state, cloze2.reps) == ("new", 0)  # reset to new in Anki
    suspended = cards[key(packages, "suspended")]
    assert (suspended.suspended, suspended.active) == (True, False)
    assert cards[key(packages, "buried")].buried_until is not None
    assert cards[key(packages, "image")].flag == 3
    assert_state_is_replay(anki_app)

    image = notes[key(packages, "image")]
    link = re.search(r"!\[[^\]]*\]\(([^)]+)\)", image.question)
    assert link is not None
    target = (Path(image.path).parent / unquote(link.group(1))).resolve()
    assert target == (anki_app.user_deck_dir / "media" / "diagram.png").resolve()
    assert target.read_bytes() == PNG
    with anki_app.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(FileJournalRow)) == 0


def test_due_dates_are_prep_fsrs_replay_of_the_anki_answers(
    anki_app: App, packages: Packages
) -> None:
    steps: list[tuple[str, int, int]] = []
    import_anki_file(anki_app, packages.files["anki21b"], progress=lambda *a: steps.append(a))
    assert steps[0] == ("notes", 0, 7) and ("notes", 7, 7) in steps
    assert steps[-1] == ("reviews", 10, 10)
    card = cards_by_key(anki_app)[key(packages, "basic")]
    memory = Memory()
    times = [0, 1, 4, 12, 12.01, 15]
    for days, grade in zip(times, packages.built.reviews["basic:0"], strict=True):
        at = BASE + timedelta(days=days)
        memory = review(anki_app.scheduler, memory, Grade(grade), at, card.id, None)
    assert memory_of(card) == memory
    assert memory.state == "review" and memory.lapses == 1
    assert from_db(card.due) == memory.due
    assert memory.due is not None and memory.due > BASE + timedelta(days=16)


def test_same_package_again_changes_nothing(anki_app: App, packages: Packages) -> None:
    import_anki_file(anki_app, packages.files["anki21b"])
    files = sorted(anki_app.user_deck_dir.rglob("*.md"))
    before = {p: (p.read_text(), p.stat().st_mtime_ns) for p in files}

    again = import_anki_file(anki_app, packages.files["anki21"])

    assert (again.notes_added, again.notes_updated, again.notes_unchanged) == (0, 0, 7)
    assert (again.reviews, again.reviews_known, again.media, again.files) == (0, 17, 0, [])
    assert {p: (p.read_text(), p.stat().st_mtime_ns) for p in files} == before
    with anki_app.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(ReviewLogRow)) == 17
        assert s.scalar(select(func.count()).select_from(AnkiReviewRow)) == 17
        assert s.scalar(select(func.count()).select_from(NoteRow)) == 7


def test_reimport_updates_notes_keeps_your_edits_and_adds_only_new_reviews(
    anki_app: App, packages: Packages, clock: FakeClock, tmp_path: Path
) -> None:
    import_anki_file(anki_app, packages.files["anki21b"])
    verbs = anki_app.user_deck_dir / "anki" / "languages" / "spanish" / "verbs.md"
    science = anki_app.user_deck_dir / "anki" / "science.md"
    # Your own note added to an imported file, and an imported note moved to your own file.
    verbs.write_text(verbs.read_text() + "\n## my-own-note\nQ: vivir\nA: to live\n")
    image_id = key(packages, "image")
    text = science.read_text()
    start = text.index(f"## {image_id}")
    end = text.index("\n## ", start + 1)
    (anki_app.user_deck_dir / "mine.md").write_text(
        "---\ndeck: Mine\n---\n\n" + text[start:end] + "\n"
    )
    science.write_text(text[:start] + text[end + 1 :])
    # Reviewed in prep on day 20.
    from prep.services.sync import sync_decks

    sync_decks(anki_app)
    clock.now = BASE + timedelta(days=20)
    answer(anki_app, key(packages, "basic"), Grade.GOOD)

    # Meanwhile in Anki: the back edited, a note added, answers on days 18 and 30.
    folder = tmp_path / "changed"
    copy_collection(packages.built, folder)
    col = anki_collection(folder)
    try:
        note = col.get_note(col.get_card(packages.built.card_ids["basic:0"]).nid)
        note["Back"] = "to speak (edited)"
        col.update_note(note)
        extra = col.new_note(col.models.by_name("Basic"))
        extra["Front"], extra["Back"] = "nuevo", "new"
        col.add_note(extra, col.decks.id("Languages::Spanish::Verbs"))
        for days, ease in ((18, 3), (30, 4)):
            col.db.execute(
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                "VALUES (?, ?, -1, ?, 9, 4, 2500, 5000, 1)",
                ms(BASE + timedelta(days=days)), packages.built.card_ids["basic:0"], ease,
            )  # fmt: skip
    finally:
        col.close()
    changed = export_package(folder / "collection.anki2", tmp_path / "changed.apkg", legacy=False)

    report = import_anki_file(anki_app, changed)

    assert (report.notes_added, report.notes_updated, report.notes_unchanged) == (1, 1, 5)
    assert report.reviews == 1  # day 30; day 18 is older than the review in prep
    assert report.skipped["review older than the card's latest review in prep"] == 1
    assert (
        report.skipped["note already in a deck file outside decks/anki (its text there was kept)"]
        == 1
    )
    text = verbs.read_text()
    assert "A: to speak (edited)" in text and "## my-own-note" in text
    assert "Q: nuevo" in text
    assert f"## {image_id}" not in science.read_text()
    with anki_app.uow() as uow:
        notes = {n.note_id: n for n in uow.session.scalars(select(NoteRow))}
    assert notes["my-own-note"].removed is False
    assert notes[image_id].deck == "Mine" and notes[image_id].removed is False
    ratings = [(log.kind, log.rating) for log in logs_of(anki_app, key(packages, "basic"))]
    assert ratings == [("review", g) for g in (3, 3, 3, 1, 3, 4, 3, 4)]
    assert_state_is_replay(anki_app)


def test_deck_prefix_moves_notes_on_reimport_without_duplicates(
    anki_app: App, packages: Packages
) -> None:
    import_anki_file(anki_app, packages.files["anki21b"])
    report = import_anki_file(anki_app, packages.files["anki21b"], deck_prefix="Old::Anki")
    assert (report.notes_added, report.notes_updated) == (0, 7)
    with anki_app.uow() as uow:
        s = uow.session
        decks = set(s.scalars(select(NoteRow.deck).where(NoteRow.removed.is_(False))))
        assert decks == {"Old::Anki::Languages::Spanish::Verbs", "Old::Anki::Science"}
        assert s.scalar(select(func.count()).select_from(NoteRow)) == 7
        assert s.scalar(select(func.count()).select_from(ReviewLogRow)) == 17
    from prep.services.sync import sync_decks

    assert sync_decks(anki_app).errors == []


def test_without_meta_the_compressed_collection_wins(
    anki_app: App, packages: Packages, tmp_path: Path
) -> None:
    bare = tmp_path / "no-meta.apkg"
    with zipfile.ZipFile(packages.files["anki21b"]) as src, zipfile.ZipFile(bare, "w") as dst:
        for name in src.namelist():
            if name != "meta":
                dst.writestr(name, src.read(name))
    assert import_anki_file(anki_app, bare).notes_added == 7


def test_colpkg_imports_like_a_deck_package(
    anki_app: App, packages: Packages, tmp_path: Path
) -> None:
    from anki.collection import Collection

    col = Collection(str(copy_collection(packages.built, tmp_path / "copy")))
    try:
        col.export_collection_package(str(tmp_path / "all.colpkg"), True, False)
    finally:
        col.close()
    report = import_anki_file(anki_app, tmp_path / "all.colpkg")
    assert (report.notes_added, report.reviews, report.media) == (7, 17, 1)


def test_media_names_that_escape_the_media_folder_are_refused(
    anki_app: App, packages: Packages, tmp_path: Path
) -> None:
    evil = tmp_path / "evil.apkg"
    with zipfile.ZipFile(packages.files["anki21"]) as src, zipfile.ZipFile(evil, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "media":
                data = b'{"0": "../../evil.png", "1": ".hidden", "2": "a\\\\b.png"}'
            dst.writestr(name, data)
            if name == "0":
                dst.writestr("1", data)
                dst.writestr("2", data)
    report = import_anki_file(anki_app, evil)
    assert report.skipped["media file with an unsafe name (a folder, '..' or hidden)"] == 3
    assert report.media == 0
    assert report.skipped["image or sound missing from the package (link kept)"] == 1
    assert not (anki_app.home / "evil.png").exists()
    assert [p.name for p in anki_app.home.rglob("*.png")] == []
