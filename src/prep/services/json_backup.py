"""The JSON backup: a whole collection and its deck files as one JSON document.

Generic over the SQLAlchemy metadata, so a new table is included without touching this
module. Format (docs/json.md): {"format": "prep-backup", "version": 2, "schema": <alembic
revision>, "created_at": ISO, "home": DIR, "tables": {name: [rows]}, "files": {path relative
to PREP_HOME: text}, "media": {path: {"base64", "sha256"}}}. Version 1 had no "media"; it
still imports.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path, PureWindowsPath
from typing import Any

from sqlalchemy import Date, DateTime, Engine, Table, delete, func, insert, select, text

from prep.app import App
from prep.core.errors import BackupError
from prep.files import write_atomic
from prep.services.anki_files import MEDIA_FOLDER
from prep.store.migrate import HEAD, REVISIONS, current_revision
from prep.store.models import Base

FORMAT = "prep-backup"
VERSION = 2  # 2 added "media": the binary files under PREP_HOME/decks


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json(table: Table, column: str, value: Any, source: str) -> Any:
    if value is None:
        return None
    kind = table.c[column].type
    try:
        if isinstance(kind, DateTime):
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(UTC).replace(tzinfo=None)
            return parsed
        if isinstance(kind, Date):
            return date.fromisoformat(str(value))
    except ValueError:
        raise BackupError(
            f"{source}: table {table.name}, column {column}: {value!r} is not an ISO date/time"
        ) from None
    return value


def user_files(app: App) -> tuple[dict[str, str], dict[str, bytes]]:
    """The user's config and deck files, keyed by path relative to the home: (text, binary).

    The media folder is kept as bytes whatever it holds (an SVG must come back byte for
    byte), and so is any other file under the deck directory that is not UTF-8.
    """
    texts: dict[str, str] = {}
    binaries: dict[str, bytes] = {}
    deck_dir, media_dir = app.user_deck_dir, app.user_deck_dir / MEDIA_FOLDER
    candidates = [app.config_path] if app.config_path.is_file() else []
    if deck_dir.is_dir():
        # Hidden means hidden inside the deck directory: the default home itself lives
        # under ~/.local, and temp files of atomic writes start with a dot.
        candidates += sorted(
            p
            for p in deck_dir.rglob("*")
            if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(deck_dir).parts)
        )
    for path in candidates:
        rel = path.relative_to(app.home).as_posix()
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise BackupError(f"cannot read {path}: {exc}") from None
        if path.is_relative_to(media_dir):
            binaries[rel] = content
            continue
        try:
            texts[rel] = content.decode("utf-8")
        except UnicodeDecodeError:
            if path != app.config_path:  # a config that is not UTF-8 cannot be read anyway
                binaries[rel] = content
    return texts, binaries


def export_backup(app: App) -> dict[str, Any]:
    """Everything in the collection, plus the user's deck files and config, as one object."""
    engine = app.engine
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        schema = current_revision(engine)
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*order)).mappings()
            tables[table.name] = [{k: _to_json(v) for k, v in row.items()} for row in rows]
    texts, binaries = user_files(app)
    media = {
        rel: {
            "base64": base64.b64encode(content).decode("ascii"),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
        for rel, content in binaries.items()
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema,
        "created_at": _to_json(app.now()),
        "home": str(app.home),
        "tables": tables,
        "files": texts,
        "media": media,
    }


def write_json_backup(app: App, path: Path) -> dict[str, int]:
    """Write the JSON backup atomically; return the row count per table."""
    data = export_backup(app)
    _write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return {name: len(rows) for name, rows in data["tables"].items()}


def read_json_backup(path: Path) -> dict[str, Any]:
    """Load and check a JSON backup; every problem is one clear line."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupError(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BackupError(
            f"{path}:{exc.lineno}: not valid JSON ({exc.msg}); is it a prep backup?"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f'{path}: not a prep backup (no "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupError(f"{path}: backup format version {version!r} is not a version prep wrote")
    if version > VERSION:
        raise BackupError(
            f"{path}: backup format version {version!r} is newer than this prep reads "
            f"({VERSION}); upgrade prep (pip install -U prep)"
        )
    schema = data.get("schema")
    if not isinstance(schema, str):
        raise BackupError(f'{path}: malformed backup: no "schema" revision')
    if schema not in REVISIONS:
        raise BackupError(
            f"{path}: the backup has schema revision {schema}, written by a newer prep "
            f"(this prep: {HEAD}); upgrade prep (pip install -U prep) to import it"
        )
    if not isinstance(data.get("tables"), dict) or not all(
        isinstance(data.get(key, {}), dict) for key in ("files", "media")
    ):
        raise BackupError(
            f'{path}: malformed backup: "tables", "files" and "media" must be objects'
        )
    return data


def collection_is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return all(
            conn.execute(select(func.count()).select_from(t)).scalar_one() == 0
            for t in Base.metadata.sorted_tables
        )


def _rehome(value: Any, old: str | None, new: str) -> Any:
    """Paths inside the old home point into the new one (deck files move with the backup)."""
    if old and isinstance(value, str) and (value == old or value.startswith(old + os.sep)):
        return new + value[len(old) :]
    return value


def import_backup(
    app: App, data: dict[str, Any], source: str = "backup", replace: bool = False
) -> dict[str, int]:
    """Load a checked backup (see read_json_backup) in one transaction; return rows per table.

    Refuses a non-empty collection unless `replace` (restore on a server database), and
    refuses files that already exist with other content. Primary keys are kept. The files
    are checked before anything is written and written after the rows are committed.
    """
    engine = app.engine
    if not replace and not collection_is_empty(engine):
        raise BackupError(
            f"the collection in {app.home} is not empty; import a backup into a new home, "
            f"e.g. prep --home NEW_DIR import {source}, or use prep restore {source} to replace it"
        )
    targets = backup_targets(app, data, source)
    if not replace:
        for target, content in targets.items():
            if target.exists() and _read_or_none(target) != content:
                raise BackupError(
                    f"{target} already exists with other content; move it away or import into "
                    "a new home"
                )
    known = {t.name: t for t in Base.metadata.sorted_tables}
    unknown = sorted(set(data["tables"]) - set(known))
    if unknown:
        raise BackupError(f"{source}: unknown table(s) {', '.join(unknown)}; is prep up to date?")
    old_home = data.get("home")
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        if replace:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(delete(table))
        for table in Base.metadata.sorted_tables:
            rows = data["tables"].get(table.name, [])
            if not isinstance(rows, list):
                raise BackupError(f"{source}: table {table.name} must be a list of rows")
            batch = []
            for i, row in enumerate(rows):
                if not isinstance(row, dict) or set(row) - set(table.c.keys()):
                    extra = sorted(set(row) - set(table.c.keys())) if isinstance(row, dict) else []
                    raise BackupError(
                        f"{source}: table {table.name}, row {i + 1}: unexpected "
                        f"{'columns ' + ', '.join(extra) if extra else 'value'}"
                    )
                batch.append(
                    {
                        k: _rehome(_from_json(table, k, v, source), old_home, str(app.home))
                        for k, v in row.items()
                    }
                )
            for start in range(0, len(batch), 1000):
                conn.execute(insert(table), batch[start : start + 1000])
            counts[table.name] = len(batch)
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn)
    for target, content in targets.items():
        _write_atomic(target, content)
    return counts


def backup_targets(app: App, data: dict[str, Any], source: str) -> dict[Path, bytes]:
    """Where each of the backup's files and media goes, with its bytes, all of it checked.

    A text file is config.toml or lies under the deck directory; media lies under the deck
    directory and must match its sha256. Every problem is one line naming the entry.
    """
    files, media = data.get("files", {}), data.get("media", {})
    if not isinstance(files, dict) or not isinstance(media, dict):
        raise BackupError(f'{source}: malformed backup: "files" and "media" must be objects')
    entries: list[tuple[str, Any, bytes]] = []
    for rel, content in files.items():
        if not isinstance(content, str):
            raise BackupError(f"{source}: file entry {rel!r} is not text")
        entries.append(("file", rel, content.encode("utf-8")))
    for rel, entry in media.items():
        entries.append(("media", rel, _media_bytes(entry, f"{source}: media entry {rel!r}")))
    deck_dir, config = app.user_deck_dir.resolve(), app.config_path.resolve()
    targets: dict[Path, bytes] = {}
    for kind, rel, content in entries:
        where = f"{source}: {kind} entry {rel!r}"
        target = _entry_path(app.home, rel, where)
        inside = target.is_relative_to(deck_dir) and target != deck_dir
        if not inside and not (kind == "file" and target == config):
            raise BackupError(f"{where} is outside the deck directory {app.user_deck_dir}")
        if target in targets:
            raise BackupError(f"{where} names a file the backup already holds")
        targets[target] = content
    return targets


def _entry_path(home: Path, rel: Any, where: str) -> Path:
    """A backup entry's path: relative to PREP_HOME, no '..', nothing hidden, no way out."""
    if not isinstance(rel, str) or not rel or "\x00" in rel:
        raise BackupError(f"{where} is not a file path")
    if rel.startswith(("/", "\\")) or PureWindowsPath(rel).drive:
        raise BackupError(f"{where} is an absolute path; entries are relative to PREP_HOME")
    parts = rel.replace("\\", "/").split("/")
    if ".." in parts:
        raise BackupError(f"{where} contains '..'")
    if any(not part or part.startswith(".") for part in parts):
        raise BackupError(f"{where} has an empty or hidden path component")
    return (home / rel).resolve()


def _media_bytes(entry: Any, where: str) -> bytes:
    """A media entry's content, decoded and checked against its sha256."""
    if not isinstance(entry, dict) or not all(
        isinstance(entry.get(key), str) for key in ("base64", "sha256")
    ):
        raise BackupError(f'{where} needs "base64" and "sha256" strings')
    try:
        content = base64.b64decode(entry["base64"], validate=True)
    except (binascii.Error, ValueError):
        raise BackupError(f"{where} is not valid base64") from None
    if hashlib.sha256(content).hexdigest() != entry["sha256"].lower():
        raise BackupError(f"{where} does not match its sha256; the backup is damaged")
    return content


def _reset_sequences(conn: Any) -> None:
    """After inserting explicit keys, PostgreSQL's sequences must start past them."""
    for table in Base.metadata.sorted_tables:
        serial = table.autoincrement_column
        if serial is None:
            continue
        name, col = table.name, serial.name
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', '{col}'), "
                f"COALESCE(MAX({col}), 1), MAX({col}) IS NOT NULL) FROM {name}"
            )
        )


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _write_atomic(path: Path, content: str | bytes) -> None:
    try:
        write_atomic(path, content)
    except OSError as exc:
        raise BackupError(f"cannot write {path}: {exc}") from None
