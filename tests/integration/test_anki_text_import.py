"""Anki's "Notes in Plain Text" files imported into prep: the file Anki itself writes, and the
header variants Anki documents (separators, #html, #deck, #notetype, #tags, #columns and the
column headers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from prep.app import App
from prep.core.errors import PrepError
from prep.interop.anki_notes import note_id_for
from prep.services.anki_import import import_anki_file
from prep.store.models import CardRow, NoteRow
from tests.anki_packages import anki_collection


def notes(app: App) -> dict[str, NoteRow]:
    with app.uow() as uow:
        return {n.question: n for n in uow.session.scalars(select(NoteRow))}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_anki_text_export_imports_with_the_same_ids_as_its_package(
    anki_app: App, tmp_path: Path
) -> None:
    col = anki_collection(tmp_path / "col")
    try:
        basic = col.new_note(col.models.by_name("Basic"))
        basic["Front"], basic["Back"] = 'Q1, "quoted"\nsecond line', "A1<br>x"
        basic.tags = ["t1", "a::b"]
        col.add_note(basic, col.decks.id("X::Y"))
        cloze = col.new_note(col.models.by_name("Cloze"))
        cloze["Text"] = "{{c1::Paris}} is in {{c2::France}}"
        col.add_note(cloze, col.decks.id("Geo"))
        rev = col.new_note(col.models.by_name("Basic (and reversed card)"))
        rev["Front"], rev["Back"] = "uno", "one"
        col.add_note(rev, col.decks.id("X::Y"))
        guids = (basic.guid, cloze.guid, rev.guid)
        out = tmp_path / "notes.txt"
        col.export_note_csv(
            out_path=str(out), limit=None, with_html=True, with_tags=True, with_deck=True,
            with_notetype=True, with_guid=True,
        )  # fmt: skip
    finally:
        col.close()
    assert out.read_text().startswith("#separator:tab\n#html:true\n")

    report = import_anki_file(anki_app, out, deck_prefix="Imported")

    assert (report.notes_added, report.cards) == (3, 5)
    found = notes(anki_app)
    first = found['Q1, "quoted" second line']  # a raw line break in HTML is a space
    assert (first.note_id, first.type) == (note_id_for(guids[0]), "basic")
    assert (first.answer, first.deck, first.tags.split()) == (
        "A1\nx",
        "Imported::X::Y",
        ["a::b", "t1"],
    )
    paris = found["{{c1::Paris}} is in {{c2::France}}"]
    assert (paris.note_id, paris.type, paris.deck) == (
        note_id_for(guids[1]),
        "cloze",
        "Imported::Geo",
    )
    assert found["uno"].type == "reverse"
    with anki_app.uow() as uow:
        keys = set(uow.session.scalars(select(CardRow.key)))
    assert f"{note_id_for(guids[1])}:c2" in keys and f"{note_id_for(guids[2])}:rev" in keys


@pytest.mark.parametrize(
    ("header", "sep"),
    [("Comma", ","), ("Semicolon", ";"), ("Pipe", "|"), ("Colon", ":"), ("Space", " "),
     ("tab", "\t"), (";", ";")],
)  # fmt: skip
def test_separators(anki_app: App, tmp_path: Path, header: str, sep: str) -> None:
    path = write(
        tmp_path, "cards.csv",
        f"#separator:{header}\n#deck:Seps\nfront{sep}back\n\"with{sep}sep\"{sep}two\n",
    )  # fmt: skip
    import_anki_file(anki_app, path)
    found = notes(anki_app)
    assert found["front"].answer == "back"
    assert found[f"with{sep}sep".replace("\t", " ")].answer == "two"  # plain text: tab = space
    assert found["front"].deck == "Seps"


def test_quoting_html_flag_tags_and_columns(anki_app: App, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "vocab.csv",
        "#separator:Comma\n"
        "#html:false\n"
        "#tags:imported spanish\n"
        "#columns:Back,Front,Tags\n"
        '"to eat, to have lunch",comer,verbs\n'
        '"line one\nline ""two""",<b>not bold</b>,\n'
        "# a comment line\n",
    )
    report = import_anki_file(anki_app, path)
    assert report.notes_added == 2
    found = notes(anki_app)
    comer = found["comer"]
    assert comer.answer == "to eat, to have lunch"
    assert comer.tags.split() == ["imported", "spanish", "verbs"]
    assert comer.deck == "vocab"  # no deck given: the file's name
    raw = found["\\<b>not bold\\</b>"]  # html:false: shown as typed, not as markup
    assert raw.answer == 'line one\nline "two"'


def test_column_headers_set_deck_notetype_guid_and_tags(anki_app: App, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mixed.txt",
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
        "#tags column:6\n"
        "g-1\tBasic\tA::B\tfront <i>one</i>\tback\tx y\n"
        "g-2\tCloze\tC\t{{c1::hidden}} text\textra info\t\n"
        "g-3\tBasic (optional reversed card)\tA::B\tdos\ttwo\ty\tyes\n",
    )
    import_anki_file(anki_app, path)
    found = notes(anki_app)
    one = found["front *one*"]
    assert (one.note_id, one.deck, one.tags.split()) == (note_id_for("g-1"), "A::B", ["x", "y"])
    cloze = found["{{c1::hidden}} text\n\nextra info"]
    assert (cloze.type, cloze.deck) == ("cloze", "C")
    assert found["dos"].type == "reverse"  # "Add Reverse" was filled in


def test_reimport_without_guids_matches_by_first_field(anki_app: App, tmp_path: Path) -> None:
    path = write(tmp_path, "words.csv", "#separator:Comma\nhola,hello\nadios,bye\n")
    import_anki_file(anki_app, path)
    path.write_text("#separator:Comma\nhola,hi there\nadios,bye\ngracias,thanks\n")
    report = import_anki_file(anki_app, path)
    assert (report.notes_added, report.notes_updated, report.notes_unchanged) == (1, 1, 1)
    assert notes(anki_app)["hola"].answer == "hi there"


def test_guessed_separator(anki_app: App, tmp_path: Path) -> None:
    path = write(tmp_path, "guess.txt", "uno;one\ndos;two\n")
    import_anki_file(anki_app, path)
    assert notes(anki_app)["dos"].answer == "two"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("#separator:Dash\na-b\n", r"bad\.csv:1: unknown #separator 'Dash'"),
        ("#deck column:zero\na,b\n", r"bad\.csv:1: #deck column must be a column number from 1"),
        (
            "#separator:Comma\n#tags column:3\na,b\n",
            r"bad\.csv:3: the tags column \(3\) is missing",
        ),
        ('#separator:Comma\na,"unclosed\n', r"bad\.csv:\d: .*check the quoting"),
        ("#html:maybe\na,b\n", r"bad\.csv:1: #html must be true or false"),
    ],
)
def test_malformed_text_files_name_file_and_line(
    anki_app: App, tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(PrepError, match=message):
        import_anki_file(anki_app, path)


def test_text_file_that_is_not_utf8(anki_app: App, tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"ok\tfine\ncaf\xe9\tcoffee\n")
    with pytest.raises(PrepError, match=r"latin\.txt:2: not UTF-8 text"):
        import_anki_file(anki_app, path)


def test_a_deck_whose_notes_are_all_skipped_gets_no_file(anki_app: App, tmp_path: Path) -> None:
    path = write(tmp_path, "c.txt", "#separator:tab\n#notetype:Cloze\n#deck:Empty\nno deletion\t\n")
    report = import_anki_file(anki_app, path)
    reason = "note not imported: cloze note of type 'Cloze' has no {{c1::…}} deletion"
    assert (report.notes_added, report.skipped[reason], report.files) == (0, 1, [])
    assert list(anki_app.user_deck_dir.rglob("*.md")) == []
