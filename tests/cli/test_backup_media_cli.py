"""`prep export --json` / `prep import` / `prep restore` carry the media under PREP_HOME/decks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def test_media_survive_export_and_import(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    media = isolated_env / "decks" / "media"
    media.mkdir(parents=True)
    (media / "diagram.png").write_bytes(PNG)
    run("story", "add", "--title", "With a picture", "-c", "impact")
    backup = tmp_path / "backup.json"
    run("export", "--json", str(backup))

    new_home = tmp_path / "new-home"
    monkeypatch.setenv("PREP_HOME", str(new_home))
    assert run("import", str(backup)).output.startswith("Imported ")
    assert (new_home / "decks" / "media" / "diagram.png").read_bytes() == PNG


def test_restore_brings_media_back_and_a_tampered_backup_is_one_line(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, isolated_env: Path
) -> None:
    picture = isolated_env / "decks" / "media" / "diagram.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(PNG)
    run("story", "add", "--title", "With a picture", "-c", "impact")
    backup = tmp_path / "backup.json"
    run("export", "--json", str(backup))
    picture.unlink()
    run("restore", str(backup))
    assert picture.read_bytes() == PNG

    data = json.loads(backup.read_text(encoding="utf-8"))
    data["media"]["decks/media/diagram.png"]["sha256"] = "0" * 64
    backup.write_text(json.dumps(data), encoding="utf-8")
    picture.write_bytes(b"edited since")
    result = run("restore", str(backup), code=1)
    assert result.output == (
        f"Error: {backup}: media entry 'decks/media/diagram.png' does not match its sha256; "
        "the backup is damaged\n"
    )
    assert picture.read_bytes() == b"edited since"
