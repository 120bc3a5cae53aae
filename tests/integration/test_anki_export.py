"""Export to Anki, then import with the real `anki` package: same notes, decks, tags, schedule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from prep.app import App
from prep.core.days import study_day
from prep.core.errors import NotFoundError, PrepError
from prep.core.schedule import Grade
from prep.services import review as svc
from prep.services.anki_export import export_apkg, export_text
from prep.services.sync import sync_decks
from prep.store.models import CardRow, NoteRow, ReviewLogRow
from prep.store.repo import from_db, reverted_ids
from tests.conftest import FakeClock, write_deck

pytest.importorskip("anki")  # a test extra; CI installs it

from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportCsvRequest,
)

ADVANCED = """
---
deck: Stats::Testing::Advanced
tags: [statistics]
---

## stats-bootstrap
Q: How do you get a bootstrap confidence interval?
A: Resample **with replacement**, then:
1. compute the statistic on each resample
2. take the `2.5%` and `97.5%` percentiles

```python
ci = np.percentile(stats, [2.5, 97.5])  # a < b
```
![resampling](img/boot.png)
tags: bootstrap, medium
"""

TREES = """
---
deck: ML::Trees
---

## ml-gini
Q: What is the Gini impurity of a node with class shares p_k?
A: 1 − Σ p_k², which is 0 for a pure node & below 1 otherwise.
tags: trees, easy
"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


@pytest.fixture
def studied(app: App, clock: FakeClock, deck_dir: Path) -> App:
    """Notes of every type in subdecks, with cards new, learning, review, relearning, suspended,
    buried, flagged, reset and one answer undone."""
    write_deck(deck_dir, "advanced.md", ADVANCED)
    write_deck(deck_dir, "trees.md", TREES)
    (deck_dir / "img").mkdir()
    (deck_dir / "img" / "boot.png").write_bytes(PNG)
    assert sync_decks(app).errors == []
    svc.answer(app, "stats-p-value", Grade.EASY, duration_ms=4200)
    svc.answer(app, "term-mle", Grade.GOOD)
    svc.answer(app, "stats-bootstrap", Grade.GOOD)
    svc.answer(app, "stats-clt:c1", Grade.GOOD)
    svc.undo(app)  # stats-clt:c1 is new again; its log must not reach Anki
    clock.advance(minutes=11)
    svc.answer(app, "term-mle", Grade.GOOD)
    svc.answer(app, "stats-bootstrap", Grade.GOOD)
    clock.advance(days=3)
    svc.answer(app, "term-mle", Grade.AGAIN)  # a lapse: relearning
    svc.answer(app, "behav-conflict", Grade.AGAIN)  # learning
    svc.forget(app, "stats-bootstrap")  # new, with history and a reset
    svc.set_suspended(app, "ml-gini", True)
    svc.bury(app, "stats-clt:c2")
    svc.set_flag(app, "stats-p-value", 2)
    clock.advance(minutes=1)
    return app


@pytest.fixture
def anki_col(tmp_path: Path) -> Iterator[Collection]:
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def import_apkg(col: Collection, path: Path) -> None:
    options = ImportAnkiPackageOptions(with_scheduling=True)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options))


def prep_cards(app: App) -> dict[str, tuple[CardRow, NoteRow]]:
    with app.uow() as uow:
        rows = uow.session.execute(
            select(CardRow, NoteRow).join(NoteRow, CardRow.note_pk == NoteRow.id)
        ).all()
        return {card.key: (card, note) for card, note in rows}


def prep_log_count(app: App) -> int:
    with app.uow() as uow:
        return len(
            uow.session.scalars(
                select(ReviewLogRow.id).where(
                    ReviewLogRow.kind.in_(("review", "forget")),
                    ReviewLogRow.id.not_in(reverted_ids()),
                )
            ).all()
        )


def anki_cards(col: Collection) -> dict[str, Any]:
    """Anki's cards by prep card key (guid `prep:<note>` and the card's ordinal)."""
    out = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        note = card.note()
        note_id = note.guid.removeprefix("prep:")
        kind = note.note_type()["name"]  # type: ignore[index]
        if kind == "prep Cloze":
            key = f"{note_id}:c{card.ord + 1}"
        else:
            key = note_id if card.ord == 0 else f"{note_id}:rev"
        out[key] = card
    return out


def anki_due_date(col: Collection, due: int) -> date:
    """The calendar study day of Anki's day number `due`, in this machine's zone (as Anki)."""
    local = datetime.now().astimezone().tzinfo
    assert local is not None
    today = study_day(datetime.now(UTC), local, 4)
    return today + timedelta(days=due - col.sched.today)


def test_package_imports_into_anki_with_notes_decks_tags_and_schedule(
    studied: App, anki_col: Collection, tmp_path: Path
) -> None:
    report = export_apkg(studied, tmp_path / "prep.apkg")
    prep = prep_cards(studied)
    assert (report.notes, report.cards, report.media) == (6, len(prep), 1)
    assert report.reviews == prep_log_count(studied) == 8
    assert report.warnings == []

    import_apkg(anki_col, tmp_path / "prep.apkg")
    cards = anki_cards(anki_col)
    assert set(cards) == set(prep)
    assert anki_col.note_count() == 6
    assert anki_col.db.scalar("select count() from revlog") == 8

    expected = {  # prep card → (Anki type, Anki queue)
        "stats-p-value": (2, 2),
        "term-mle": (3, 1),
        "term-mle:rev": (0, 0),
        "stats-clt:c1": (0, 0),
        "stats-clt:c2": (0, -3),
        "behav-conflict": (1, 1),
        "stats-bootstrap": (0, 0),
        "ml-gini": (0, -1),
    }
    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    for key, (card, note) in prep.items():
        anki = cards[key]
        assert (anki.type, anki.queue) == expected[key], key
        assert anki_col.decks.name(anki.did) == card.deck, key
        assert set(anki.note().tags) == set(note.tags.split()), key
        assert (anki.reps, anki.lapses) == (card.reps, card.lapses), key
        due = from_db(card.due)
        if card.state == "review":
            assert anki_due_date(anki_col, anki.due) == study_day(due, tz, 4), key  # type: ignore[arg-type]
            assert anki.ivl >= 1
        elif card.state in ("learning", "relearning"):
            assert anki.due == int(due.timestamp()), key  # type: ignore[union-attr]
        if card.state == "new":
            assert anki.memory_state is None, key
        else:
            assert anki.memory_state.stability == pytest.approx(card.stability, abs=1e-3), key
            assert anki.memory_state.difficulty == pytest.approx(card.difficulty, abs=1e-2), key
    assert cards["stats-p-value"].flags == 2
    # Anki counts the review as it was logged.
    revlog = anki_col.db.all(
        "select ease, type, time from revlog where cid = ?", cards["stats-p-value"].id
    )
    assert revlog == [[4, 0, 4200]]
    reset = anki_col.db.all(
        "select ease, type from revlog where cid = ? order by id", cards["stats-bootstrap"].id
    )
    assert reset == [[3, 0], [3, 0], [0, 4]]


def test_fields_are_html_with_cloze_numbers_and_media(
    studied: App, anki_col: Collection, tmp_path: Path
) -> None:
    export_apkg(studied, tmp_path / "prep.apkg")
    import_apkg(anki_col, tmp_path / "prep.apkg")
    notes = {anki_col.get_note(nid).guid: anki_col.get_note(nid) for nid in anki_col.find_notes("")}
    basic = notes["prep:stats-p-value"]
    assert basic.note_type()["name"] == "prep Basic"  # type: ignore[index]
    assert basic.fields == [
        "What does a p-value measure?",
        "The probability, under the null, of a statistic at least as extreme as observed.",
    ]
    cloze = notes["prep:stats-clt"]
    assert cloze.fields[0] == (
        "The CLT: the {{c1::sampling distribution of the mean}} approaches a<br>\n"
        "{{c2::normal}} distribution as n grows."
    )
    assert len(cloze.cards()) == 2
    assert len(notes["prep:term-mle"].cards()) == 2
    behavioral = notes["prep:behav-conflict"]
    assert behavioral.note_type()["name"] == "prep Behavioral"  # type: ignore[index]
    assert behavioral["Competencies"] == "conflict, collaboration"
    back = notes["prep:stats-bootstrap"]["Back"]
    assert "Resample <b>with replacement</b>, then:" in back
    assert "<ol><li>compute the statistic on each resample</li>" in back
    assert "<code>2.5%</code>" in back
    assert (
        '<pre><code class="language-python">ci = np.percentile(stats, [2.5, 97.5])  # a &lt; b'
        in back
    )
    assert '<img src="boot.png" alt="resampling">' in back
    assert (Path(anki_col.media.dir()) / "boot.png").read_bytes() == PNG
    gini = notes["prep:ml-gini"]["Back"]
    assert gini == "1 − Σ p_k², which is 0 for a pure node &amp; below 1 otherwise."
    # Anki renders the cloze card: its question hides c1 and shows c2's text.
    question = cloze.cards()[0].question()
    assert "[...]" in question and "normal" in question


def test_export_again_updates_the_notes_instead_of_duplicating(
    studied: App, anki_col: Collection, tmp_path: Path, clock: FakeClock, deck_dir: Path
) -> None:
    export_apkg(studied, tmp_path / "first.apkg")
    import_apkg(anki_col, tmp_path / "first.apkg")
    text = (deck_dir / "trees.md").read_text(encoding="utf-8")
    write_deck(deck_dir, "trees.md", text.replace("below 1 otherwise", "at most 1 - 1/K"))
    sync_decks(studied)
    clock.advance(days=1)
    svc.answer(studied, "behav-conflict", Grade.GOOD)
    export_apkg(studied, tmp_path / "second.apkg")
    import_apkg(anki_col, tmp_path / "second.apkg")
    assert anki_col.note_count() == 6
    assert len(anki_col.find_cards("")) == len(prep_cards(studied))
    (nid,) = anki_col.find_notes('"Gini impurity"')
    assert "at most 1 - 1/K" in anki_col.get_note(nid)["Back"]
    # Anki keeps the schedule and history of the cards it already has: nothing is doubled.
    assert prep_log_count(studied) == 9
    assert anki_col.db.scalar("select count() from revlog") == 8


def test_deck_limits_the_package_to_the_deck_and_its_subdecks(
    studied: App, anki_col: Collection, tmp_path: Path
) -> None:
    report = export_apkg(studied, tmp_path / "stats.apkg", deck="Stats::Testing")
    assert report.notes == 5
    import_apkg(anki_col, tmp_path / "stats.apkg")
    decks = {anki_col.decks.name(anki_col.get_card(c).did) for c in anki_col.find_cards("")}
    assert decks == {"Stats::Testing", "Stats::Testing::Advanced"}
    with pytest.raises(NotFoundError, match=r"^no deck named 'Stats::Test'; see `prep decks`"):
        export_apkg(studied, tmp_path / "none.apkg", deck="Stats::Test")
    assert not (tmp_path / "none.apkg").exists()


def test_text_export_imports_into_anki_with_decks_tags_and_guids(
    studied: App, anki_col: Collection, tmp_path: Path
) -> None:
    path = tmp_path / "notes.txt"
    report = export_text(studied, path)
    assert report.notes == 6
    assert path.read_text(encoding="utf-8").splitlines()[:6] == [
        "#separator:tab",
        "#html:true",
        "#guid column:1",
        "#notetype column:2",
        "#deck column:3",
        "#tags column:6",
    ]
    assert report.warnings == [
        "1 image is referenced but a text file cannot carry images; copy them into Anki's "
        "collection.media folder, or export with --apkg"
    ]
    metadata = anki_col.get_csv_metadata(path=str(path), delimiter=None)
    anki_col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))
    prep = prep_cards(studied)
    notes = {}
    for nid in anki_col.find_notes(""):
        note = anki_col.get_note(nid)
        notes[note.guid.removeprefix("prep:")] = note
    assert set(notes) == {note.note_id for _, note in prep.values()}
    for _, note in prep.values():
        anki = notes[note.note_id]
        assert set(anki.tags) == set(note.tags.split())
        assert {anki_col.decks.name(c.did) for c in anki.cards()} == {note.deck}
    kinds = {guid: n.note_type()["name"] for guid, n in notes.items()}  # type: ignore[index]
    assert kinds == {
        "stats-p-value": "Basic",
        "stats-clt": "Cloze",
        "behav-conflict": "Basic",
        "term-mle": "Basic (and reversed card)",
        "stats-bootstrap": "Basic",
        "ml-gini": "Basic",
    }
    assert notes["stats-clt"].fields[0].startswith("The CLT: the {{c1::sampling distribution")
    assert len(notes["stats-clt"].cards()) == 2
    assert len(notes["term-mle"].cards()) == 2
    assert "<pre><code" in notes["stats-bootstrap"]["Back"]
    # Importing the same file again matches the guids: nothing is duplicated.
    anki_col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))
    assert anki_col.note_count() == 6


def test_comma_separated_when_the_file_is_csv(studied: App, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    export_text(studied, path, deck="ML")
    assert path.read_text(encoding="utf-8").splitlines()[0] == "#separator:comma"
    assert path.read_text(encoding="utf-8").splitlines()[6] == (
        "prep:ml-gini,Basic,ML::Trees,What is the Gini impurity of a node with class shares "
        'p_k?,"1 − Σ p_k², which is 0 for a pure node &amp; below 1 otherwise.",trees easy'
    )


def test_missing_or_outside_images_are_reported_not_exported(
    app: App, deck_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "secret.png").write_bytes(PNG)
    write_deck(
        deck_dir,
        "pics.md",
        """
        ## pic-missing
        Q: ![a](gone.png) what?
        A: ![b](../secret.png) and ![c](https://example.org/c.png)
        """,
    )
    sync_decks(app)
    report = export_apkg(app, tmp_path / "p.apkg")
    source = deck_dir / "pics.md"
    assert report.media == 0
    assert report.warnings == [
        f"{source}:1: image 'gone.png' not found; exported without it",
        f"{source}:1: image '../secret.png' is outside its deck folder {deck_dir.resolve()}; "
        "not exported",
    ]


def test_write_errors_are_one_clear_line_and_keep_the_old_file(
    studied: App, tmp_path: Path
) -> None:
    with pytest.raises(
        PrepError,
        match=r"^cannot write .*out\.apkg: the folder .*nowhere does not exist; create it",
    ):
        export_apkg(studied, tmp_path / "nowhere" / "out.apkg")
    target = tmp_path / "keep.apkg"
    target.write_bytes(b"old")
    (tmp_path / "keep.apkg.d").mkdir()
    with pytest.raises(PrepError, match=r"keep\.apkg\.d is a directory; give a file name"):
        export_apkg(studied, tmp_path / "keep.apkg.d")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_deck_presets_carry_the_scheduling_settings(
    app: App, anki_col: Collection, tmp_path: Path
) -> None:
    app.config_path.write_text(
        '[scheduling]\nlearning_steps = ["2m", "15m"]\nrelearning_steps = ["5m"]\n'
        "desired_retention = 0.85\nmaximum_interval = 400\n",
        encoding="utf-8",
    )
    sync_decks(app)
    svc.answer(app, "stats-p-value", Grade.GOOD)
    export_apkg(app, tmp_path / "prep.apkg")
    options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)
    anki_col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(tmp_path / "prep.apkg"), options=options)
    )
    preset = anki_col.decks.config_dict_for_deck_id(anki_col.decks.id_for_name("Stats::Testing"))
    assert preset["name"] == "prep"
    assert (preset["new"]["delays"], preset["lapse"]["delays"]) == ([2.0, 15.0], [5.0])
    assert (preset["desiredRetention"], preset["rev"]["maxIvl"]) == (0.85, 400)
    assert len(preset["fsrsParams6"]) == 21
    (cid,) = anki_col.find_cards('"deck:Stats::Testing" card:1 "What does a p-value"')
    card = anki_col.get_card(cid)
    assert card.desired_retention == pytest.approx(0.85)
    assert (card.type, card.queue, card.left) == (1, 1, 1)  # one of two steps left
    # The collection's own Default preset is left alone.
    assert anki_col.decks.get_config(1)["new"]["delays"] == [1.0, 10.0]  # type: ignore[index]
