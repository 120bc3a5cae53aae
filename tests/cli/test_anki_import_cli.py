"""`prep import` with Anki files: the summary, and one clear error line for every bad input."""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.anki_packages import build, export_package

Run = Callable[..., Result]


@pytest.fixture(scope="module")
def legacy_apkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("anki")
    folder = tmp_path_factory.mktemp("anki-cli")
    return export_package(build(folder / "col").path, folder / "deck.apkg", legacy=True)


def test_import_prints_a_summary_then_decks_list_the_cards(
    run: Run, legacy_apkg: Path, isolated_env: Path
) -> None:
    result = run("import", str(legacy_apkg), "--deck-prefix", "Anki")
    lines = result.output.splitlines()
    assert lines[0] == (
        "Imported deck.apkg: 7 notes added, 0 updated, 0 unchanged; 10 cards (10 new); "
        "17 review logs added; 1 media file; 1 suspended."
    )
    assert lines[1].startswith("Deck files written: decks/anki/anki/")
    assert "Skipped:" in lines
    assert "  1 × manual rescheduling in Anki (set due date: not a review)" in result.output
    decks = run("decks", "--json").output
    assert '"deck": "Anki::Languages::Spanish::Verbs"' in decks
    again = run("import", str(legacy_apkg), "--deck-prefix", "Anki")
    assert again.output.startswith(
        "Imported deck.apkg: 0 notes added, 0 updated, 7 unchanged; 10 cards (0 new); "
        "0 review logs added (17 imported before); 0 media files."
    )


def one_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


def zip_of(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def changed_collection(legacy_apkg: Path, tmp_path: Path, sql: str) -> Path:
    with zipfile.ZipFile(legacy_apkg) as src:
        db = tmp_path / "c.anki21"
        db.write_bytes(src.read("collection.anki21"))
        others = {n: src.read(n) for n in src.namelist() if n != "collection.anki21"}
    conn = sqlite3.connect(db)
    conn.execute(sql)
    conn.commit()
    conn.close()
    return zip_of(tmp_path / "changed.apkg", {**others, "collection.anki21": db.read_bytes()})


def test_malformed_packages_give_one_line_errors(
    run: Run, legacy_apkg: Path, tmp_path: Path
) -> None:
    not_zip = tmp_path / "plain.apkg"
    not_zip.write_text("hello")
    assert "plain.apkg is not an Anki package (not a zip file" in one_error(
        run("import", str(not_zip), code=None)
    )
    empty = zip_of(tmp_path / "empty.apkg", {"notes.txt": b"x"})
    assert "empty.apkg: no Anki collection inside (expected collection.anki21b" in one_error(
        run("import", str(empty), code=None)
    )
    future = zip_of(tmp_path / "future.apkg", {"meta": b"\x08\x07", "collection.anki21b": b""})
    assert "future.apkg: package format version 7 is not one prep reads" in one_error(
        run("import", str(future), code=None)
    )
    bad_zstd = zip_of(tmp_path / "zstd.apkg", {"meta": b"\x08\x03", "collection.anki21b": b"xx"})
    assert "zstd.apkg: entry 'collection.anki21b' is not valid zstd data" in one_error(
        run("import", str(bad_zstd), code=None)
    )
    garbage = zip_of(tmp_path / "garbage.apkg", {"collection.anki21": b"not sqlite" * 100})
    assert "garbage.apkg: collection.anki21 is not a readable Anki collection" in one_error(
        run("import", str(garbage), code=None)
    )
    assert "no such file" in one_error(run("import", str(tmp_path / "missing.apkg"), code=None))


def test_unsupported_schema_and_broken_rows_name_file_and_entry(
    run: Run, legacy_apkg: Path, tmp_path: Path
) -> None:
    newer = changed_collection(legacy_apkg, tmp_path, "UPDATE col SET ver = 99")
    assert "changed.apkg: collection.anki21: collection schema 99 is not supported" in one_error(
        run("import", str(newer), code=None)
    )
    broken = changed_collection(
        legacy_apkg,
        tmp_path,
        "UPDATE notes SET flds = x'ff00' WHERE id = (SELECT min(id) FROM notes)",
    )
    error = one_error(run("import", str(broken), code=None))
    assert "changed.apkg: collection.anki21: notes row " in error
    assert "'flds' is not text" in error
    far = changed_collection(
        legacy_apkg,
        tmp_path,
        "UPDATE revlog SET id = id * 100000 WHERE id = (SELECT min(id) FROM revlog)",
    )
    error = one_error(run("import", str(far), code=None))
    assert "changed.apkg: collection.anki21: revlog row " in error
    assert "not the time of an answer" in error


def test_a_template_with_broken_text_names_its_row() -> None:
    from prep.interop.anki_collection import AnkiFileError, _kinds_from_tables

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE fields (ntid, ord, name)")
    conn.execute("CREATE TABLE templates (ntid, ord, name, config)")
    conn.execute("INSERT INTO fields VALUES (1, 0, 'Front')")
    # config field 1 (the front template) holds bytes that are not UTF-8
    conn.execute("INSERT INTO templates VALUES (1, 0, 'Card 1', x'0a01ff')")
    with pytest.raises(AnkiFileError, match=r"deck.apkg: templates row 1/0: 'config' is malformed"):
        _kinds_from_tables(conn, "deck.apkg")


def test_option_and_suffix_errors(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "deck.zip"
    other.write_text("x")
    assert "prep imports Anki packages (.apkg, .colpkg)" in one_error(
        run("import", str(other), code=None)
    )
    backup = tmp_path / "b.json"
    backup.write_text("{}")
    assert "--deck-prefix works with Anki files" in one_error(
        run("import", str(backup), "--deck-prefix", "X", code=None)
    )
    text = tmp_path / "t.txt"
    text.write_text("a\tb\n")
    assert "--deck-prefix 'A::' has an empty level" in one_error(
        run("import", str(text), "--deck-prefix", "A::", code=None)
    )
