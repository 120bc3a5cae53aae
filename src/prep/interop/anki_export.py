"""Write Anki files: a legacy `.apkg` package with scheduling, and "Notes in Plain Text".

A legacy package is a zip holding `collection.anki21` (SQLite, schema 11), `media` (a JSON map
from numbered zip entries to file names) and `meta` (a one-field protobuf naming the format).
Current Anki still imports it; the compressed `anki21b` format is for Anki's own exports.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from prep.core.errors import PrepError
from prep.interop.anki_schema11 import Collection11, write_collection

# PackageMetadata{version: LEGACY_2}: field 1, varint 2 (Anki 2.1.x's `collection.anki21`).
META_LEGACY_2 = b"\x08\x02"
# Stock Anki note types: a text import can only name note types the collection already has.
TEXT_NOTE_TYPES = {
    "basic": "Basic",
    "reverse": "Basic (and reversed card)",
    "cloze": "Cloze",
    "behavioral": "Basic",
}
SEPARATORS = {"tab": "\t", "comma": ","}


class ExportError(PrepError):
    """An Anki file could not be written."""


def write_apkg(path: Path, collection: Collection11, media: Mapping[str, Path]) -> None:
    """Write the package atomically: a failure leaves any existing `path` as it was.

    `media` maps each file name the notes refer to onto the file to copy into the package.
    """
    with tempfile.TemporaryDirectory(prefix="prep-apkg-") as tmp:
        db_path = Path(tmp) / "collection.anki21"
        write_collection(db_path, collection)

        def fill(archive: zipfile.ZipFile) -> None:
            archive.write(db_path, "collection.anki21", zipfile.ZIP_DEFLATED)
            names = {}
            for index, (name, source) in enumerate(sorted(media.items())):
                try:
                    archive.write(source, str(index), zipfile.ZIP_STORED)
                except OSError as exc:
                    raise ExportError(
                        f"cannot read the media file {source}: {exc.strerror or exc}"
                    ) from None
                names[str(index)] = name
            archive.writestr("media", json.dumps(names), zipfile.ZIP_DEFLATED)
            archive.writestr("meta", META_LEGACY_2, zipfile.ZIP_STORED)

        _atomic_zip(path, fill)


def _atomic_zip(path: Path, fill: Callable[[zipfile.ZipFile], None]) -> None:
    temp = _temp_beside(path)
    try:
        with zipfile.ZipFile(temp, "w") as archive:
            fill(archive)
        os.replace(temp, path)
    except OSError as exc:
        raise _write_error(path, exc) from None
    finally:
        temp.unlink(missing_ok=True)


@dataclass(frozen=True)
class TextNote:
    """A note as one line of Anki's text format."""

    guid: str
    kind: str  # a key of TEXT_NOTE_TYPES
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]


def notes_text(notes: Iterable[TextNote], separator: str = "tab") -> str:
    """Anki's "Notes in Plain Text" with headers naming the guid, note type, deck and tag
    columns, so Anki's import puts each note back in its deck with its tags."""
    delimiter = SEPARATORS[separator]
    rows = list(notes)
    width = max((len(n.fields) for n in rows), default=2)
    out = io.StringIO()
    out.write(f"#separator:{separator}\n#html:true\n")
    out.write("#guid column:1\n#notetype column:2\n#deck column:3\n")
    out.write(f"#tags column:{width + 4}\n")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    for note in rows:
        fields = list(note.fields) + [""] * (width - len(note.fields))
        kind = TEXT_NOTE_TYPES[note.kind]
        writer.writerow([note.guid, kind, note.deck, *fields, " ".join(note.tags)])
    return out.getvalue()


def write_text(path: Path, text: str) -> None:
    """Write a text file atomically (temp file beside it, then rename)."""
    temp = _temp_beside(path)
    try:
        temp.write_text(text, encoding="utf-8", newline="")
        os.replace(temp, path)
    except OSError as exc:
        raise _write_error(path, exc) from None
    finally:
        temp.unlink(missing_ok=True)


def _temp_beside(path: Path) -> Path:
    if path.is_dir():
        raise ExportError(f"{path} is a directory; give a file name such as {path / 'prep.apkg'}")
    if not path.parent.exists():
        raise ExportError(
            f"cannot write {path}: the folder {path.parent} does not exist; create it first"
        )
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: {path.parent} is not a folder")
    return path.with_name(f".{path.name}.tmp")


def _write_error(path: Path, exc: OSError) -> ExportError:
    return ExportError(
        f"cannot write {path}: {exc.strerror or exc}; choose a folder you can write to"
    )
