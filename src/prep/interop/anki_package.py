"""Open an Anki package (`.apkg`, `.colpkg`): pick its collection, list and read its media.

A package is a zip. Current Anki writes `collection.anki21b` (zstd-compressed SQLite, schema 18),
a `meta` entry (protobuf PackageMetadata: field 1 = version, LEGACY_1 = 1, LEGACY_2 = 2,
LATEST = 3), a zstd-compressed protobuf `media` map (MediaEntries: repeated MediaEntry{name = 1,
size = 2, sha1 = 3, legacy_zip_filename = 4}) and media files named "0", "1", … compressed with
zstd. Its legacy export writes `collection.anki21` (plain SQLite, schema 11), a JSON `media` map
({"0": "name.png"}) and plain media files. Both carry a decoy `collection.anki2` holding one
"please update" note, so the collection is chosen by `meta`, else anki21b, then anki21, then
anki2. Packages from before Anki 2.1.50 hold only `collection.anki2` and the JSON map.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from prep.core.errors import PrepError
from prep.interop import protobuf

COLLECTIONS = {1: "collection.anki2", 2: "collection.anki21", 3: "collection.anki21b"}
FALLBACK_ORDER = ("collection.anki21b", "collection.anki21", "collection.anki2")
LATEST = 3
CHUNK = 1 << 20


class AnkiFileError(PrepError):
    """An Anki file cannot be read; the message names the file and the entry."""


@dataclass(frozen=True)
class MediaFile:
    name: str  # the name the notes use, e.g. "diagram.png"
    entry: str  # the zip entry holding it
    size: int | None = None
    sha1: bytes | None = None


@dataclass
class Package:
    """An opened package. Valid only inside `open_package`'s with-block."""

    source: Path
    entry: str  # the zip entry of the chosen collection
    collection: Path  # that collection as a plain SQLite file in a temporary directory
    media: dict[str, MediaFile]
    compressed: bool  # media files (like the collection) are zstd-compressed
    archive: zipfile.ZipFile

    def read_media(self, name: str) -> bytes:
        """The bytes of one media file, decompressed and checked against the map's size/sha1."""
        item = self.media[name]
        where = f"{self.source}: media entry '{item.entry}' ({name})"
        try:
            with self.archive.open(item.entry) as raw:
                data = _zstd_bytes(raw, where) if self.compressed else raw.read()
        except KeyError:
            raise AnkiFileError(f"{where} is listed in the media map but missing") from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise AnkiFileError(f"{where} is damaged ({exc})") from None
        if item.size is not None and len(data) != item.size:
            raise AnkiFileError(f"{where} has {len(data)} bytes, the map says {item.size}")
        if item.sha1 and hashlib.sha1(data).digest() != item.sha1:
            raise AnkiFileError(f"{where} does not match its checksum; the package is damaged")
        return data


@contextmanager
def open_package(path: Path) -> Iterator[Package]:
    """Open `path` and extract its collection to a temporary file, removed on exit."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise AnkiFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AnkiFileError(f"{path} is a directory; give an .apkg or .colpkg file") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise AnkiFileError(
            f"{path} is not an Anki package (not a zip file: {exc}); export one from Anki "
            "with File > Export, format 'Anki Deck Package (*.apkg)'"
        ) from None
    with archive, tempfile.TemporaryDirectory(prefix="prep-anki-") as tmp:
        names = set(archive.namelist())
        version = _meta_version(archive, path) if "meta" in names else None
        entry = _choose_collection(path, names, version)
        compressed = entry == "collection.anki21b"
        target = Path(tmp) / "collection.sqlite"
        _extract(archive, path, entry, target, compressed)
        media = _media_map(archive, path, names, compressed)
        yield Package(path, entry, target, media, compressed, archive)


def _meta_version(archive: zipfile.ZipFile, path: Path) -> int:
    data = _read_entry(archive, path, "meta")
    try:
        version = protobuf.first_int(protobuf.fields(data), 1)
    except protobuf.WireError as exc:
        raise AnkiFileError(f"{path}: entry 'meta' is malformed ({exc})") from None
    if version not in COLLECTIONS:
        raise AnkiFileError(
            f"{path}: package format version {version} is not one prep reads "
            f"(1-{LATEST}); it comes from a newer Anki: export with 'Support older Anki "
            "versions' ticked, or upgrade prep"
        )
    return version


def _choose_collection(path: Path, names: set[str], version: int | None) -> str:
    if version is not None:
        entry = COLLECTIONS[version]
        if entry not in names:
            raise AnkiFileError(
                f"{path}: its meta entry names {entry}, which is missing; the package is damaged"
            )
        return entry
    for entry in FALLBACK_ORDER:
        if entry in names:
            return entry
    raise AnkiFileError(
        f"{path}: no Anki collection inside (expected {', '.join(FALLBACK_ORDER)}); "
        "is it an Anki package?"
    )


def _extract(
    archive: zipfile.ZipFile, path: Path, entry: str, target: Path, compressed: bool
) -> None:
    where = f"{path}: entry '{entry}'"
    try:
        with archive.open(entry) as raw, target.open("wb") as out:
            if compressed:
                import zstandard

                try:
                    reader = zstandard.ZstdDecompressor().stream_reader(raw)
                    shutil.copyfileobj(reader, out, CHUNK)
                except zstandard.ZstdError as exc:
                    raise AnkiFileError(f"{where} is not valid zstd data ({exc})") from None
            else:
                shutil.copyfileobj(raw, out, CHUNK)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise AnkiFileError(f"{where} is damaged ({exc})") from None
    except OSError as exc:
        raise AnkiFileError(f"{where} cannot be extracted ({exc})") from None


def _media_map(
    archive: zipfile.ZipFile, path: Path, names: set[str], compressed: bool
) -> dict[str, MediaFile]:
    if "media" not in names:
        return {}
    data = _read_entry(archive, path, "media")
    where = f"{path}: entry 'media'"
    if compressed:
        return _protobuf_media(_zstd_bytes_of(data, where), where)
    return _json_media(data, where)


def _protobuf_media(data: bytes, where: str) -> dict[str, MediaFile]:
    media: dict[str, MediaFile] = {}
    try:
        for index, blob in enumerate(protobuf.messages(protobuf.fields(data), 1)):
            item = protobuf.fields(blob)
            name = protobuf.first_text(item, 1)
            legacy = item.get(4)
            entry = str(protobuf.first_int(item, 4)) if legacy else str(index)
            sha1 = [v for v in item.get(3, []) if isinstance(v, bytes)]
            size = protobuf.first_int(item, 2, -1)
            media[name] = MediaFile(
                name, entry, size if size >= 0 else None, sha1[-1] if sha1 else None
            )
    except protobuf.WireError as exc:
        raise AnkiFileError(f"{where} is malformed ({exc})") from None
    return media


def _json_media(data: bytes, where: str) -> dict[str, MediaFile]:
    try:
        mapping = json.loads(data.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnkiFileError(f"{where} is not a valid JSON media map ({exc})") from None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise AnkiFileError(f'{where} must map entry numbers to file names, e.g. {{"0": "a.png"}}')
    return {name: MediaFile(name, entry) for entry, name in mapping.items()}


def _read_entry(archive: zipfile.ZipFile, path: Path, entry: str) -> bytes:
    try:
        return archive.read(entry)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise AnkiFileError(f"{path}: entry '{entry}' is damaged ({exc})") from None


def _zstd_bytes(raw: IO[bytes], where: str) -> bytes:
    return _zstd_bytes_of(raw.read(), where)


def _zstd_bytes_of(data: bytes, where: str) -> bytes:
    import zstandard

    try:
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            return reader.read()
    except zstandard.ZstdError as exc:
        raise AnkiFileError(f"{where} is not valid zstd data ({exc})") from None
