"""Load deck files into the collection: changed files re-parsed, unchanged skipped by hash."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.deckfile import DeckFile, parse_deck_bytes
from prep.core.errors import DeckError
from prep.core.notes import Note
from prep.store.models import CardRow, DeckFileRow, NoteRow
from prep.store.repo import pack_tags

FILE_SLOT = 100_000  # positions: file rank * FILE_SLOT + note index
# Bump when the parser's output changes, so every file is parsed again once.
PARSER_VERSION = "p2"
SYNC_LOCK_KEY = 0x70726570  # "prep"


@dataclass
class SyncReport:
    files_seen: int = 0
    files_parsed: int = 0
    notes_added: int = 0
    notes_updated: int = 0
    notes_removed: int = 0
    notes_restored: int = 0
    cards_added: int = 0
    errors: list[str] = field(default_factory=list)
    missing_dirs: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.notes_added or self.notes_updated or self.notes_removed or self.notes_restored
        )


@dataclass(frozen=True)
class _Seen:
    root: Path
    path: Path
    rank: int
    size: int
    mtime_ns: int


def deck_files(roots: list[Path]) -> list[tuple[Path, Path]]:
    """(root, file) for every Markdown deck file under the roots; READMEs and dot-dirs skipped."""
    found: list[tuple[Path, Path]] = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if (
                    name.endswith(".md")
                    and name.lower() != "readme.md"
                    and not name.startswith(".")
                ):
                    found.append((root, Path(dirpath) / name))
    return found


def default_deck_name(root: Path, path: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    return "::".join(rel.parts)


def sync_decks(app: App) -> SyncReport:
    """Bring the collection in line with the configured deck directories."""
    report = SyncReport()
    roots = app.deck_dirs()
    present = [r for r in roots if r.is_dir()]
    report.missing_dirs = [str(r) for r in roots if not r.is_dir() and r != app.user_deck_dir]
    files = deck_files(present)
    report.files_seen = len(files)
    with app.uow(write=True) as uow:
        s = uow.session
        if s.get_bind().dialect.name == "postgresql":
            # One sync at a time across machines; SQLite gets this from BEGIN IMMEDIATE.
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SYNC_LOCK_KEY})
        known = {row.path: row for row in s.scalars(select(DeckFileRow))}
        changed: list[tuple[_Seen, bytes, str]] = []
        seen_paths: set[str] = set()
        for rank, (root, path) in enumerate(files):
            try:
                st = path.stat()
            except OSError:
                continue
            seen = _Seen(root, path, rank, st.st_size, st.st_mtime_ns)
            seen_paths.add(str(path))
            row = known.get(str(path))
            if (
                row is not None
                and row.size == st.st_size
                and row.mtime_ns == st.st_mtime_ns
                and row.content_hash.startswith(PARSER_VERSION + ":")
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
        parsed: list[tuple[_Seen, DeckFile]] = []
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
        _apply(s, parsed, report, present)
        deleted = [row for path, row in known.items() if path not in seen_paths]
        present_roots = {str(r) for r in present}
        for row in deleted:
            if row.root in present_roots:
                report.notes_removed += _remove_notes_of(s, row.path, keep=set())
                s.delete(row)
        _refresh_availability(s, present_roots)
        uow.commit()
    return report


def _apply(
    s: Session, parsed: list[tuple[_Seen, DeckFile]], report: SyncReport, present: list[Path]
) -> None:
    if not parsed:
        return
    existing = {row.note_id: row for row in s.scalars(select(NoteRow))}
    parsed_paths = {str(seen.path) for seen, _ in parsed}
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
    # Cards of the notes we are about to update, in one query per chunk (no per-note queries).
    pks = [existing[n.id].id for n, _, _ in accepted if n.id in existing]
    cards_by_note: dict[int, dict[str, CardRow]] = {}
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        for card in s.scalars(select(CardRow).where(CardRow.note_pk.in_(chunk))):
            cards_by_note.setdefault(card.note_pk, {})[card.key] = card
    with s.no_autoflush:
        for note, root, position in accepted:
            row = existing.get(note.id)
            cards = cards_by_note.get(row.id, {}) if row is not None else {}
            _upsert_note(s, row, cards, note, root, position, report)
    s.flush()
    for path in parsed_paths:
        report.notes_removed += _remove_notes_of(s, path, keep=kept_by_path[path])


def _upsert_note(
    s: Session,
    row: NoteRow | None,
    cards: dict[str, CardRow],
    note: Note,
    root: str,
    position: int,
    report: SyncReport,
) -> None:
    fields = dict(
        type=note.type.value, deck=note.deck, area=note.area, question=note.question,
        answer=note.answer, tags=pack_tags(note.tags), root=root, path=note.path,
        line=note.line, position=position,
    )  # fmt: skip
    if row is None:
        row = NoteRow(note_id=note.id, removed=False, available=True, **fields)
        s.add(row)
        report.notes_added += 1
    else:
        if row.removed:
            report.notes_restored += 1
        elif any(
            getattr(row, k) != v for k, v in fields.items() if k not in ("position", "line", "root")
        ):
            report.notes_updated += 1
        for key, value in fields.items():
            setattr(row, key, value)
        row.removed, row.available = False, True
    wanted = {spec.key: spec for spec in note.cards()}
    for key, spec in wanted.items():
        card = cards.get(key)
        if card is None:
            s.add(CardRow(key=key, note=row, ordinal=spec.ordinal, deck=note.deck, state="new",
                          reps=0, lapses=0, active=True, suspended=False, leech=False,
                          removed=False, flag=0))  # fmt: skip
            report.cards_added += 1
        else:
            card.deck, card.ordinal, card.removed = note.deck, spec.ordinal, False
            card.active = not card.suspended
    for key, card in cards.items():
        if key not in wanted:
            card.removed, card.active = True, False


def _remove_notes_of(s: Session, path: str, keep: set[str]) -> int:
    rows = [
        r
        for r in s.scalars(select(NoteRow).where(NoteRow.path == path, NoteRow.removed.is_(False)))
        if r.note_id not in keep
    ]
    for row in rows:
        row.removed = True
        s.execute(update(CardRow).where(CardRow.note_pk == row.id).values(active=False))
    return len(rows)


def _refresh_availability(s: Session, present_roots: set[str]) -> None:
    """Notes of a directory that is missing or not configured are unavailable, not suspended."""
    for row in s.scalars(
        select(NoteRow).where(NoteRow.available.is_(True), NoteRow.root.not_in(present_roots))
    ):
        row.available = False
        s.execute(update(CardRow).where(CardRow.note_pk == row.id).values(active=False))
    for row in s.scalars(
        select(NoteRow).where(NoteRow.available.is_(False), NoteRow.root.in_(present_roots))
    ):
        row.available = True
        if not row.removed:
            s.execute(
                update(CardRow)
                .where(
                    CardRow.note_pk == row.id,
                    CardRow.suspended.is_(False),
                    CardRow.removed.is_(False),
                )
                .values(active=True)
            )
