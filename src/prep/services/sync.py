"""Load deck files into the collection: changed files re-parsed, unchanged skipped by hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Row, Table, func, select, text, update
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.deckfile import DeckFile, parse_deck_bytes
from prep.core.errors import DeckError
from prep.core.notes import Note
from prep.services.deck_scan import (
    PARSER_VERSION,
    ROOTS_KEY,
    SyncReport,
    as_recorded,
    deck_files,
    present_dirs,
    roots_value,
)
from prep.store.bulk import insert_many, rows_in, update_in
from prep.store.models import CardRow, DeckFileRow, NoteRow, SettingRow
from prep.store.repo import pack_tags, to_db

FILE_SLOT = 100_000  # positions: file rank * FILE_SLOT + note index
SYNC_LOCK_KEY = 0x70726570  # "prep"
_NOTES = cast(Table, NoteRow.__table__)
_CARDS = cast(Table, CardRow.__table__)
_CARD_STATE = (
    _CARDS.c.id, _CARDS.c.note_pk, _CARDS.c.key, _CARDS.c.ordinal, _CARDS.c.deck,
    _CARDS.c.active, _CARDS.c.suspended, _CARDS.c.removed,
)  # fmt: skip
# A change to one of these counts as an edit of the note (moving it within files does not).
_CONTENT = ("type", "deck", "area", "question", "answer", "tags")


@dataclass(frozen=True)
class SeenFile:
    root: Path
    path: Path
    rank: int
    size: int
    mtime_ns: int


def default_deck_name(root: Path, path: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    return "::".join(rel.parts)


def sync_decks(app: App) -> SyncReport:
    """Bring the collection in line with the configured deck directories."""
    report = SyncReport()
    present, report.missing_dirs = present_dirs(app)
    files = deck_files(present)
    report.files_seen = len(files)
    with app.uow(write=True) as uow:
        s = uow.session
        if s.get_bind().dialect.name == "postgresql":
            # One sync at a time across machines; SQLite gets this from BEGIN IMMEDIATE.
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SYNC_LOCK_KEY})
        known = {row.path: row for row in s.scalars(select(DeckFileRow))}
        changed: list[tuple[SeenFile, bytes, str]] = []
        seen_paths: set[str] = set()
        for rank, (root, path) in enumerate(files):
            try:
                st = path.stat()
            except OSError:
                continue
            seen = SeenFile(root, path, rank, st.st_size, st.st_mtime_ns)
            seen_paths.add(str(path))
            row = known.get(str(path))
            if row is not None and as_recorded(
                row.root, row.size, row.mtime_ns, row.content_hash, root, st
            ):
                if row.error:
                    report.errors.append(row.error)
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:
                report.errors.append(f"{path}: cannot read ({exc.strerror})")
                continue
            digest = f"{PARSER_VERSION}:{hashlib.sha256(data).hexdigest()}"
            if row is not None and row.content_hash == digest and row.root == str(root):
                row.size, row.mtime_ns = st.st_size, st.st_mtime_ns
                if row.error:
                    report.errors.append(row.error)
                continue
            changed.append((seen, data, digest))
        parsed: list[tuple[SeenFile, DeckFile]] = []
        for seen, data, digest in changed:
            row = known.get(str(seen.path))
            if row is None:
                row = DeckFileRow(
                    path=str(seen.path), root=str(seen.root), content_hash="", size=0, mtime_ns=0
                )
                s.add(row)
                known[str(seen.path)] = row
            row.root, row.content_hash = str(seen.root), digest
            row.size, row.mtime_ns = seen.size, seen.mtime_ns
            try:
                deck = parse_deck_bytes(
                    data, str(seen.path), default_deck_name(seen.root, seen.path)
                )
            except DeckError as exc:
                row.error = str(exc)
                report.errors.append(str(exc))
                continue
            row.error = None
            parsed.append((seen, deck))
        report.files_parsed = len(parsed)
        apply_files(s, parsed, report)
        present_roots = {str(r) for r in present}
        deleted = [
            row
            for path, row in known.items()
            if path not in seen_paths and row.root in present_roots
        ]
        report.notes_removed += _remove_notes(s, {row.path: set() for row in deleted})
        for row in deleted:
            s.delete(row)
        _refresh_availability(s, present_roots)
        _record_roots(s, present, app.now())
        uow.commit()
    return report


def apply_files(s: Session, parsed: list[tuple[SeenFile, DeckFile]], report: SyncReport) -> None:
    """Upsert the notes of the parsed files in bulk: a few statements, not one per note."""
    if not parsed:
        return
    parsed_paths = {str(seen.path) for seen, _ in parsed}
    existing = {
        row.note_id: row
        for row in rows_in(
            s, select(_NOTES), _NOTES.c.note_id, [n.id for _, d in parsed for n in d.notes]
        )
    }
    claimed: dict[str, str] = {}
    kept_by_path: dict[str, set[str]] = {p: set() for p in parsed_paths}
    accepted: list[tuple[Note, str, int]] = []
    for seen, deck in parsed:
        for index, note in enumerate(deck.notes):
            where = f"{note.path}:{note.line}"
            other = existing.get(note.id)
            if note.id in claimed:
                report.errors.append(
                    f"{where}: note id '{note.id}' is already used at {claimed[note.id]}; "
                    "rename one"
                )
                continue
            if (
                other is not None
                and other.path != note.path
                and other.path not in parsed_paths
                and not other.removed
                and other.available
                and Path(other.path).exists()
            ):
                report.errors.append(
                    f"{where}: note id '{note.id}' is already used at "
                    f"{other.path}:{other.line}; rename one"
                )
                continue
            claimed[note.id] = where
            kept_by_path[str(seen.path)].add(note.id)
            accepted.append((note, str(seen.root), seen.rank * FILE_SLOT + index))
    _upsert_notes(s, accepted, existing, report)
    report.notes_removed += _remove_notes(s, kept_by_path)


def _upsert_notes(
    s: Session,
    accepted: list[tuple[Note, str, int]],
    existing: dict[str, Row[Any]],
    report: SyncReport,
) -> None:
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for note, root, position in accepted:
        fields = dict(
            type=note.type.value, deck=note.deck, area=note.area, question=note.question,
            answer=note.answer, tags=pack_tags(note.tags), root=root, path=note.path,
            line=note.line, position=position, removed=False, available=True,
        )  # fmt: skip
        row = existing.get(note.id)
        if row is None:
            added.append({"note_id": note.id, **fields})
            report.notes_added += 1
            continue
        if row.removed:
            report.notes_restored += 1
        elif any(getattr(row, k) != fields[k] for k in _CONTENT):
            report.notes_updated += 1
        if any(getattr(row, k) != v for k, v in fields.items()):
            changed.append({"id": row.id, **fields})
    if changed:
        s.execute(update(NoteRow), changed)
    pk_of = {row.note_id: row.id for row in existing.values()}
    if added:
        pk_of.update(_insert_notes(s, added))
    stored: dict[int, dict[str, Row[Any]]] = {}
    old_pks = [row.id for row in existing.values()]
    for row in rows_in(s, select(*_CARD_STATE), _CARDS.c.note_pk, old_pks):
        stored.setdefault(row.note_pk, {})[row.key] = row
    new_cards: list[dict[str, Any]] = []
    card_changes: list[dict[str, Any]] = []
    for note, _, _ in accepted:
        note_pk = pk_of[note.id]
        have = stored.get(note_pk, {})
        wanted = {spec.key: spec for spec in note.cards()}
        for key, spec in wanted.items():
            card = have.get(key)
            if card is None:
                new_cards.append(dict(
                    key=key, note_pk=note_pk, ordinal=spec.ordinal, deck=note.deck, state="new",
                    reps=0, lapses=0, active=True, suspended=False, leech=False, removed=False,
                    flag=0,
                ))  # fmt: skip
                continue
            want = dict(deck=note.deck, ordinal=spec.ordinal, removed=False)
            want["active"] = not card.suspended
            if any(getattr(card, k) != v for k, v in want.items()):
                card_changes.append({"id": card.id, **want})
        for key, stale in have.items():
            if key not in wanted and (stale.active or not stale.removed):
                card_changes.append(
                    dict(
                        id=stale.id,
                        deck=stale.deck,
                        ordinal=stale.ordinal,
                        removed=True,
                        active=False,
                    )
                )
    if card_changes:
        s.execute(update(CardRow), card_changes)
    insert_many(s, _CARDS, new_cards)
    report.cards_added += len(new_cards)


def _insert_notes(s: Session, added: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new notes; returns their keys by note id.

    A plain executemany and one query for the new keys is faster on both backends than
    INSERT ... RETURNING, which PostgreSQL's driver must re-parse for every batch. Sync holds
    the write lock, so the rows past the old largest key are ours; any key not found there
    (a sequence reset below it) is looked up by note id.
    """
    before = s.scalar(select(func.coalesce(func.max(_NOTES.c.id), 0)))
    insert_many(s, _NOTES, added)
    wanted = {values["note_id"] for values in added}
    keys = {
        row.note_id: row.id
        for row in s.execute(select(_NOTES.c.note_id, _NOTES.c.id).where(_NOTES.c.id > before))
        if row.note_id in wanted
    }
    missing = [note_id for note_id in wanted if note_id not in keys]
    query = select(_NOTES.c.note_id, _NOTES.c.id)
    keys.update((row.note_id, row.id) for row in rows_in(s, query, _NOTES.c.note_id, missing))
    return keys


def _remove_notes(s: Session, keep_by_path: dict[str, set[str]]) -> int:
    """Mark removed the notes these files no longer hold, and deactivate their cards."""
    gone = [
        row.id
        for row in rows_in(
            s,
            select(_NOTES.c.id, _NOTES.c.note_id, _NOTES.c.path).where(_NOTES.c.removed.is_(False)),
            _NOTES.c.path,
            list(keep_by_path),
        )
        if row.note_id not in keep_by_path[row.path]
    ]
    update_in(s, update(_NOTES).values(removed=True), _NOTES.c.id, gone)
    update_in(s, update(_CARDS).values(active=False), _CARDS.c.note_pk, gone)
    return len(gone)


def _refresh_availability(s: Session, present_roots: set[str]) -> None:
    """Notes of a directory that is missing or not configured are unavailable, not suspended."""
    leaving = list(
        s.scalars(
            select(_NOTES.c.id).where(
                _NOTES.c.available.is_(True), _NOTES.c.root.not_in(present_roots)
            )
        )
    )
    update_in(s, update(_NOTES).values(available=False), _NOTES.c.id, leaving)
    update_in(s, update(_CARDS).values(active=False), _CARDS.c.note_pk, leaving)
    back = s.execute(
        select(_NOTES.c.id, _NOTES.c.removed).where(
            _NOTES.c.available.is_(False), _NOTES.c.root.in_(present_roots)
        )
    ).all()
    update_in(s, update(_NOTES).values(available=True), _NOTES.c.id, [r.id for r in back])
    reactivate = update(_CARDS).where(_CARDS.c.suspended.is_(False), _CARDS.c.removed.is_(False))
    update_in(
        s, reactivate.values(active=True), _CARDS.c.note_pk, [r.id for r in back if not r.removed]
    )


def _record_roots(s: Session, present: list[Path], now: datetime) -> None:
    """Remember the folders this sync found, so a later run can tell nothing moved."""
    value = roots_value(present)
    stamp = to_db(now)
    assert stamp is not None
    row = s.get(SettingRow, ROOTS_KEY)
    if row is None:
        s.add(SettingRow(key=ROOTS_KEY, value=value, updated_at=stamp))
    elif row.value != value:
        row.value, row.updated_at = value, stamp
