"""The JSON backup carries binary files under PREP_HOME/decks (Anki media) and restores them."""

from __future__ import annotations

import base64
import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from prep.app import App
from prep.core.errors import PrepError
from prep.services.backup import restore, take_backup
from prep.services.json_backup import (
    VERSION,
    collection_is_empty,
    export_backup,
    import_backup,
    read_json_backup,
    user_files,
    write_json_backup,
)
from prep.store.models import StoryRow
from tests.conftest import _postgres_schema_url

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
LATIN1 = "caf\xe9 cr\xe8me\n".encode("latin-1")  # not UTF-8
SVG = b'<svg xmlns="http://www.w3.org/2000/svg">\r\n</svg>\r\n'  # text, CRLF kept


@pytest.fixture
def other(app: App, db_url: str | None, tmp_path: Path) -> Iterator[App]:
    """An empty second collection of the same kind (SQLite file or PostgreSQL database)."""
    urls = iter([None]) if db_url is None else _postgres_schema_url()
    home = tmp_path / "other-home"
    target = App(home=home, db_url=next(urls), clock=app.clock, rng=random.Random(1))
    yield target
    if "engine" in target.__dict__:
        target.engine.dispose()
    for _ in urls:  # drops the PostgreSQL database
        pass


def put(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def add_media(app: App) -> None:
    decks = app.user_deck_dir
    put(decks / "mine.md", b"## mine-1\nQ: see ![](media/diagram.png)\nA: a\n")
    put(decks / "media" / "diagram.png", PNG)
    put(decks / "media" / "drawing.svg", SVG)
    put(decks / "media" / ".diagram.png.tmp", b"a leftover temp file")  # hidden: not kept
    put(decks / "notes" / "legacy.txt", LATIN1)


def every_file(home: Path) -> dict[str, bytes]:
    decks = home / "decks"
    return {
        p.relative_to(home).as_posix(): p.read_bytes()
        for p in sorted(decks.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def stories(app: App) -> list[str]:
    with app.engine.connect() as conn:
        return list(conn.execute(select(StoryRow.title).order_by(StoryRow.id)).scalars())


def add_story(app: App, title: str) -> None:
    with app.uow(write=True) as uow:
        now = app.now().replace(tzinfo=None)
        uow.session.add(StoryRow(title=title, created_at=now, updated_at=now))
        uow.commit()


def test_media_round_trips_byte_for_byte(app: App, other: App, tmp_path: Path) -> None:
    add_media(app)
    add_story(app, "kept")
    path = tmp_path / "backup.json"
    write_json_backup(app, path)
    data = read_json_backup(path)
    assert data["version"] == VERSION == 2
    assert set(data["files"]) == {"decks/mine.md"}
    assert data["media"] == {
        rel: {"base64": base64.b64encode(raw).decode(), "sha256": hashlib.sha256(raw).hexdigest()}
        for rel, raw in [
            ("decks/media/diagram.png", PNG),
            ("decks/media/drawing.svg", SVG),
            ("decks/notes/legacy.txt", LATIN1),
        ]
    }

    import_backup(other, data, source=str(path))
    assert every_file(other.home) == every_file(app.home)
    assert (other.user_deck_dir / "media" / "diagram.png").read_bytes() == PNG
    assert not list(other.home.rglob(".*.tmp"))
    assert stories(other) == ["kept"]


def test_a_home_inside_a_hidden_folder_keeps_its_deck_files(tmp_path: Path) -> None:
    # The default home on Linux is ~/.local/share/prep: only names inside decks/ may hide a file.
    app = App(home=tmp_path / ".local" / "share" / "prep")
    add_media(app)
    texts, binaries = user_files(app)
    assert set(texts) == {"decks/mine.md"}
    assert set(binaries) == {
        "decks/media/diagram.png",
        "decks/media/drawing.svg",
        "decks/notes/legacy.txt",
    }


def test_a_version_1_backup_without_media_still_imports(
    app: App, other: App, tmp_path: Path
) -> None:
    add_media(app)
    add_story(app, "old")
    data = export_backup(app)
    data["version"] = 1
    del data["media"]
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    import_backup(other, read_json_backup(path), source=str(path))
    assert stories(other) == ["old"]
    assert every_file(other.home) == {"decks/mine.md": (app.user_deck_dir / "mine.md").read_bytes()}


def test_a_backup_from_a_newer_format_is_refused(app: App, tmp_path: Path) -> None:
    data = export_backup(app)
    data["version"] = VERSION + 1
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PrepError, match=r"format version 3 is newer than this prep reads \(2\)"):
        read_json_backup(path)


def _tamper_sha(data: dict[str, Any]) -> None:
    data["media"]["decks/media/zz.png"]["sha256"] = "0" * 64


def _bad_base64(data: dict[str, Any]) -> None:
    data["media"]["decks/media/zz.png"]["base64"] = "not base64!"


def _move(rel: str, key: str = "media") -> Any:
    def change(data: dict[str, Any]) -> None:
        data[key][rel] = data["media"].pop("decks/media/zz.png")
        if key == "files":
            data[key][rel] = "text"

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_tamper_sha, "media entry 'decks/media/zz.png' does not match its sha256"),
        (_bad_base64, "media entry 'decks/media/zz.png' is not valid base64"),
        (_move("/tmp/evil.png"), "media entry '/tmp/evil.png' is an absolute path"),
        (_move("C:/evil.png"), "media entry 'C:/evil.png' is an absolute path"),
        (_move("decks/../../evil.png"), "media entry 'decks/../../evil.png' contains '..'"),
        (_move("decks\\..\\evil.png"), "contains '..'"),
        (_move("decks/media/.hidden"), "has an empty or hidden path component"),
        (_move("prep.db"), "media entry 'prep.db' is outside the deck directory"),
        (_move("backups/x.json", "files"), "file entry 'backups/x.json' is outside the deck"),
    ],
)
def test_a_bad_entry_is_refused_before_anything_is_written(
    app: App, other: App, change: Any, message: str
) -> None:
    add_media(app)
    add_story(app, "s")
    put(app.user_deck_dir / "media" / "zz.png", b"\x00\xff last entry")
    data = export_backup(app)
    change(data)
    with pytest.raises(PrepError, match=r".*") as caught:
        import_backup(other, data, source="b.json")
    text = str(caught.value)
    assert text.startswith("b.json: ") and message in text and "\n" not in text
    assert collection_is_empty(other.engine)
    assert not (other.home / "decks").exists()
    assert not (other.home / "config.toml").exists()


def test_an_escaping_symlink_is_refused(app: App, other: App, tmp_path: Path) -> None:
    add_media(app)
    data = export_backup(app)
    outside = tmp_path / "outside"
    outside.mkdir()
    other.user_deck_dir.mkdir(parents=True)
    (other.user_deck_dir / "media").symlink_to(outside)
    with pytest.raises(PrepError, match=r"media entry 'decks/media/diagram\.png' is outside"):
        import_backup(other, data)
    assert not list(outside.iterdir()) and collection_is_empty(other.engine)


def test_import_refuses_to_overwrite_a_different_media_file(app: App, other: App) -> None:
    add_media(app)
    data = export_backup(app)
    put(other.user_deck_dir / "media" / "diagram.png", b"another picture")
    with pytest.raises(PrepError, match=r"diagram\.png already exists with other content"):
        import_backup(other, data)
    assert (other.user_deck_dir / "media" / "diagram.png").read_bytes() == b"another picture"


def test_restore_brings_the_media_back(app: App, db_url: str | None, tmp_path: Path) -> None:
    # SQLite builds a new database from the JSON in a temp file; PostgreSQL restores in place.
    add_media(app)
    add_story(app, "kept")
    path = tmp_path / "backup.json"
    write_json_backup(app, path)
    before = every_file(app.home)
    put(app.user_deck_dir / "media" / "diagram.png", b"overwritten")
    (app.user_deck_dir / "notes" / "legacy.txt").unlink()
    add_story(app, "lost")
    restore(app, path)
    assert stories(app) == ["kept"]
    assert every_file(app.home) == before


def test_server_backups_carry_the_media(app: App, db_url: str | None) -> None:
    if db_url is None:
        pytest.skip("SQLite backups are database files; media stays in PREP_HOME/decks")
    add_media(app)
    add_story(app, "kept")
    daily = take_backup(app)
    assert set(read_json_backup(daily)["media"]) == {
        "decks/media/diagram.png",
        "decks/media/drawing.svg",
        "decks/notes/legacy.txt",
    }
    (app.user_deck_dir / "media" / "diagram.png").unlink()
    restore(app)  # the newest backup
    assert (app.user_deck_dir / "media" / "diagram.png").read_bytes() == PNG


def test_a_tampered_restore_changes_nothing(app: App, tmp_path: Path) -> None:
    add_media(app)
    add_story(app, "kept")
    data = export_backup(app)
    data["media"]["decks/media/diagram.png"]["sha256"] = "f" * 64
    data["files"]["decks/mine.md"] = "changed\n"
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    add_story(app, "after")
    before = every_file(app.home)
    with pytest.raises(PrepError, match=r"'decks/media/diagram\.png' does not match its sha256"):
        restore(app, path)
    assert stories(app) == ["kept", "after"]
    assert every_file(app.home) == before
    assert not (app.home / "backups").exists()  # refused before the safety backup
