"""Import Anki packages (.apkg, .colpkg) and Anki text files (.txt, .csv, .tsv).

Notes become Markdown deck files under PREP_HOME/decks/anki (one per deck, ids derived from
the Anki guid), media files go to PREP_HOME/decks/media, and each card's review log is replayed
with prep's FSRS scheduler so its state and due date carry over. The whole import is one
database transaction that also journals the files to write (see prep.store.journal); the files
are written after the commit and, if prep is killed first, on the next start. Importing the same
file again updates the notes and adds only the reviews not imported before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.deckfile import DeckFile
from prep.core.errors import PrepError
from prep.interop.anki_collection import SourceCard, SourceCollection, SourceNote
from prep.interop.anki_notes import (
    MappedNote,
    Unmappable,
    deck_name,
    map_note,
    note_id_for,
    text_card_ords,
)
from prep.interop.anki_package import Package
from prep.services.anki_files import MEDIA_FOLDER, DeckFiles, MediaPlan, safe_media_name
from prep.services.anki_history import ImportedCard, import_history
from prep.services.deck_scan import SyncReport
from prep.services.progress import Progress
from prep.services.sync import SYNC_LOCK_KEY, SeenFile, apply_files, sync_decks
from prep.store import journal
from prep.store.bulk import rows_in
from prep.store.models import NoteRow

PACKAGE_SUFFIXES = (".apkg", ".colpkg")
TEXT_SUFFIXES = (".txt", ".csv", ".tsv")


@dataclass
class ImportReport:
    source: Path
    notes_added: int = 0
    notes_updated: int = 0
    notes_unchanged: int = 0
    cards: int = 0
    cards_added: int = 0
    reviews: int = 0  # review logs added (answers, and resets to new)
    reviews_known: int = 0  # revlog entries imported before
    suspended: int = 0
    media: int = 0  # media files written
    files: list[Path] = field(default_factory=list)  # deck files written
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> how many
    examples: dict[str, str] = field(default_factory=dict)  # reason -> one example
    warnings: list[str] = field(default_factory=list)

    def skip(self, reason: str, count: int = 1, example: str | None = None) -> None:
        if count <= 0:
            return
        self.skipped[reason] += count
        if example and reason not in self.examples:
            self.examples[reason] = example


def import_anki_file(
    app: App, path: Path, deck_prefix: str | None = None, progress: Progress | None = None
) -> ImportReport:
    """Import one Anki package or text file; see the module docstring."""
    from prep.interop.anki_collection import read_collection
    from prep.interop.anki_package import open_package
    from prep.interop.anki_text import read_text_notes

    prefix = check_prefix(deck_prefix)
    check_suffix(path)
    suffix = path.suffix.lower()
    report = ImportReport(path)
    if suffix in PACKAGE_SUFFIXES:
        with open_package(path) as package:
            collection = read_collection(package.collection, f"{path}: {package.entry}")
            _import(app, collection, package, prefix, report, progress)
    else:
        _import(app, read_text_notes(path), None, prefix, report, progress)
    return report


def check_suffix(path: Path) -> None:
    """Refuse a file prep cannot import, before any work is done."""
    if path.suffix.lower() not in PACKAGE_SUFFIXES + TEXT_SUFFIXES:
        raise PrepError(
            f"{path}: prep imports Anki packages (.apkg, .colpkg), Anki text files "
            "(.txt, .csv, .tsv) and prep backups (.json)"
        )


def check_prefix(prefix: str | None) -> str | None:
    """The deck prefix with its levels trimmed; an empty level is an error."""
    if prefix is None:
        return None
    parts = [p.strip() for p in prefix.split("::")]
    if not prefix.strip() or any(not p for p in parts):
        raise PrepError(f"--deck-prefix '{prefix}' has an empty level; write e.g. 'Anki::Old'")
    return "::".join(parts)


@dataclass(frozen=True)
class _Incoming:
    """One Anki note on its way in: where it goes, and its cards."""

    source: SourceNote
    deck: str
    cards: list[SourceCard]
    mapped: MappedNote | None = None


def _import(
    app: App,
    col: SourceCollection,
    package: Package | None,
    prefix: str | None,
    report: ImportReport,
    progress: Progress | None,
) -> None:
    root = _user_root(app)
    files = DeckFiles.scan(root)
    report.warnings += files.warnings
    media = MediaPlan(root / MEDIA_FOLDER)
    with journal.Staging(app.home) as staging:
        pending = _stage_media(app, package, media, staging, report) if package else []
        incoming = _incoming(col, prefix, report)
        mapped = _map_notes(col, incoming, files, media, report, progress)
        elsewhere = _notes_elsewhere(app, [m.mapped for m in mapped if m.mapped], files)
        touched = _place_notes(mapped, files, elsewhere, report)
        plans = files.changed()
        parsed = [(plan, plan.parse()) for plan in plans]
        deck_dir = _journal_deck_dir(app)
        for plan in plans:
            target = deck_dir / plan.path.relative_to(root)
            pending.append(journal.PendingFile.text(target, plan.text()))
        with app.uow(write=True) as uow:
            s = uow.session
            if s.get_bind().dialect.name == "postgresql":
                s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SYNC_LOCK_KEY})
            _apply_notes(s, root, parsed, touched, report)
            _apply_cards(app, s, col, mapped, report, progress)
            journal.record(s, app.home, pending, app.now())
            staging.mark_committing()
            uow.commit()
        report.files = [plan.path for plan in plans]
        report.warnings += journal.apply_pending(app.engine, app.home)
    synced = sync_decks(app)
    written = {str(p) for p in report.files}
    report.warnings += [e for e in synced.errors if any(e.startswith(w) for w in written)]


def _journal_deck_dir(app: App) -> Path:
    """The user deck directory as a path under the resolved home (the journal's base)."""
    return app.home.resolve() / app.user_deck_dir.relative_to(app.home)


def _user_root(app: App) -> Path:
    wanted = app.user_deck_dir.resolve()
    for root in app.deck_dirs():
        if root == wanted:
            return root
    raise PrepError(f"the user deck directory {wanted} is not among the deck directories")


# --- media -------------------------------------------------------------------------------


def _stage_media(
    app: App, package: Package, media: MediaPlan, staging: journal.Staging, report: ImportReport
) -> list[journal.PendingFile]:
    pending: list[journal.PendingFile] = []
    folder = _journal_deck_dir(app) / MEDIA_FOLDER
    for name in sorted(package.media):
        if not safe_media_name(name):
            report.skip("media file with an unsafe name (a folder, '..' or hidden)", example=name)
            continue
        data = package.read_media(name)
        kept, fresh = media.place(name, data)
        if fresh:
            pending.append(staging.stage(data, folder / kept))
            report.media += 1
    return pending


def _media_link(media: MediaPlan, from_dir: Path, report: ImportReport) -> Callable[[str], str]:
    def link(src: str) -> str:
        if src.startswith(("http://", "https://")):
            return src.replace(" ", "%20").replace(")", "%29")
        for name in (src, unquote(src)):
            if name in media.names:
                return media.link(name, from_dir)
        report.skip("image or sound missing from the package (link kept)", example=src)
        if not safe_media_name(unquote(src)):
            return src.replace(" ", "%20").replace(")", "%29")  # not a media name: as written
        return media.link(unquote(src), from_dir)

    return link


# --- notes -------------------------------------------------------------------------------


def _incoming(col: SourceCollection, prefix: str | None, report: ImportReport) -> list[_Incoming]:
    cards_of: dict[int, list[SourceCard]] = defaultdict(list)
    for card in col.cards:
        cards_of[card.note_id].append(card)
    out: list[_Incoming] = []
    is_text = not col.cards and bool(col.note_decks)
    for note in col.notes:
        if note.kind_id not in col.kinds:
            report.skip("note whose note type is missing from the file", example=note.guid)
            continue
        cards = sorted(cards_of.get(note.id, []), key=lambda c: c.ord)
        if is_text:
            anki_deck = col.note_decks.get(note.id, "Default")
        elif not cards:
            report.skip("note without cards", example=note.guid)
            continue
        else:
            anki_deck = col.decks.get(cards[0].deck_id, "Default")
            if cards[0].deck_id not in col.decks:
                report.skip("card whose deck is missing (placed in Default)", example=note.guid)
            if len({c.deck_id for c in cards}) > 1:
                report.skip(
                    "note whose cards are in several decks (all placed in its first card's deck)",
                    example=note.guid,
                )
        out.append(_Incoming(note, deck_name(anki_deck, prefix), cards))
    return out


def _map_notes(
    col: SourceCollection,
    incoming: list[_Incoming],
    files: DeckFiles,
    media: MediaPlan,
    report: ImportReport,
    progress: Progress | None,
) -> list[_Incoming]:
    mapped: list[_Incoming] = []
    seen: set[str] = set()
    for index, item in enumerate(incoming):
        if progress and index % 200 == 0:
            progress("notes", index, len(incoming))
        kind = col.kinds[item.source.kind_id]
        plan = files.target(note_id_for(item.source.guid), item.deck)
        ords = (
            {c.ord for c in item.cards} if item.cards else text_card_ords(kind, item.source.fields)
        )
        try:
            note = map_note(
                item.source,
                kind,
                item.deck,
                ords,
                _media_link(media, plan.path.parent, report),
                html=col.html,
                path=str(plan.path),
            )
        except Unmappable as exc:
            report.skip(f"note not imported: {exc}", example=item.source.guid)
            continue
        if note.note_id in seen:
            report.skip("note repeated in the file (the first one was kept)", example=note.note_id)
            continue
        seen.add(note.note_id)
        for lost in note.dropped:
            report.skip("part of a field that has no Markdown form", example=lost)
        unmapped = [c for c in item.cards if c.ord not in note.cards]
        for card in unmapped:
            report.skip(
                "card with no prep equivalent (a third template, or an emptied cloze)",
                example=f"{note.note_id} card {card.ord + 1}",
            )
        mapped.append(_Incoming(item.source, item.deck, item.cards, note))
    if progress:
        progress("notes", len(incoming), len(incoming))
    return mapped


def _notes_elsewhere(app: App, notes: list[MappedNote], files: DeckFiles) -> dict[str, str]:
    """Imported note ids that live outside the import folder (moved there by you): id -> path."""
    ids = [n.note_id for n in notes]
    found: dict[str, str] = {}
    with app.uow() as uow:
        query = select(NoteRow.note_id, NoteRow.path, NoteRow.removed)
        for row in rows_in(uow.session, query, NoteRow.note_id, ids):
            if not row.removed and row.note_id not in files.note_file:
                found[row.note_id] = row.path
    return found


def _place_notes(
    mapped: list[_Incoming], files: DeckFiles, elsewhere: dict[str, str], report: ImportReport
) -> set[str]:
    """Put each note's block into its deck's file; return the ids written."""
    written: set[str] = set()
    for item in mapped:
        note = item.mapped
        assert note is not None
        if note.note_id in elsewhere:
            report.skip(
                "note already in a deck file outside decks/anki (its text there was kept)",
                example=f"{note.note_id} in {elsewhere[note.note_id]}",
            )
            continue
        current = files.note_file.get(note.note_id)
        plan = files.target(note.note_id, note.deck)
        if current is not None and current != plan.path:
            files.plans[current].drop(note.note_id)  # its deck changed in Anki
        plan.put(note.note_id, note.block)
        files.note_file[note.note_id] = plan.path
        written.add(note.note_id)
    return written


def _apply_notes(
    s: Session,
    root: Path,
    parsed: list[tuple[Any, DeckFile]],
    touched: set[str],
    report: ImportReport,
) -> None:
    """Upsert the notes of the changed files with sync's own code, so the next sync agrees."""
    before = _note_contents(s, touched)
    sync_report = SyncReport()
    seen = [
        (SeenFile(root, plan.path, rank, 0, 0), deck_file)
        for rank, (plan, deck_file) in enumerate(parsed)
    ]
    apply_files(s, seen, sync_report)
    report.warnings += sync_report.errors
    report.cards_added = sync_report.cards_added
    after = _note_contents(s, touched)
    for note_id in touched:
        old = before.get(note_id)
        if old is None or old[-1]:  # new, or back after being removed
            report.notes_added += 1
        elif old != after.get(note_id):
            report.notes_updated += 1
        else:
            report.notes_unchanged += 1


def _note_contents(s: Session, ids: set[str]) -> dict[str, tuple[Any, ...]]:
    columns = (NoteRow.note_id, NoteRow.type, NoteRow.deck, NoteRow.question, NoteRow.answer,
               NoteRow.tags, NoteRow.removed)  # fmt: skip
    return {
        row[0]: tuple(row[1:]) for row in rows_in(s, select(*columns), NoteRow.note_id, list(ids))
    }


# --- cards and review history ------------------------------------------------------------


def _apply_cards(
    app: App,
    s: Session,
    col: SourceCollection,
    mapped: list[_Incoming],
    report: ImportReport,
    progress: Progress | None,
) -> None:
    cards: dict[int, ImportedCard] = {}
    for item in mapped:
        assert item.mapped is not None
        note = item.mapped
        report.cards += len(note.note.cards())
        for source in item.cards:
            key = note.cards.get(source.ord)
            if key is not None:
                cards[source.id] = ImportedCard(key, note.note_id, source)
    if not cards and not col.cards:
        return  # a text file: notes only

    result = import_history(app, s, col, cards, report.skip, progress)
    report.reviews, report.reviews_known = result.reviews, result.known
    report.suspended = result.suspended
