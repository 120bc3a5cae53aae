"""Export the collection to Anki: a package with scheduling (`--apkg`) or plain text (`--csv`)."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import ColumnElement, RowMapping, and_, select

from prep.app import App
from prep.core.errors import NotFoundError, PrepError
from prep.core.notes import Note, NoteType
from prep.core.schedule import Memory
from prep.interop.anki_export import TextNote, notes_text, write_apkg, write_text
from prep.interop.anki_schedule import AnkiDays, LoggedReview, Rules, card_columns, revlog
from prep.interop.anki_schema11 import AnkiCard, AnkiNote, Collection11, DeckOptions
from prep.render.markdown_html import ImageSource, markdown_to_html
from prep.store.models import CardRow, NoteRow, ReviewLogRow
from prep.store.repo import deck_filter, from_db, memory_of, note_of

URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
FSRS6_DEFAULT_DECAY = 0.1542


@dataclass
class ExportReport:
    path: Path
    notes: int = 0
    cards: int = 0
    reviews: int = 0
    media: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Media:
    """Images the notes refer to: the name each gets in Anki's flat media folder, and its file."""

    files: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def source_for(self, note: Note, root: str) -> ImageSource:
        def source(src: str) -> str:
            if URL.match(src):
                return src
            name = Path(unquote(src)).name
            where = f"{note.path}:{note.line}"
            path = (Path(note.path).parent / unquote(src)).resolve()
            if not path.is_relative_to(Path(root).resolve()):
                self.warnings.append(
                    f"{where}: image '{src}' is outside its deck folder {root}; not exported"
                )
                return name
            if not path.is_file():
                self.warnings.append(f"{where}: image '{src}' not found; exported without it")
                return name
            if self.files.get(name, path) != path:
                digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
                name = f"{path.stem}-{digest}{path.suffix}"
            self.files[name] = path
            return name

        return source


@dataclass(frozen=True)
class _Loaded:
    notes: list[tuple[NoteRow, list[CardRow]]]
    logs: dict[int, list[LoggedReview]]


def note_guid(note_id: str) -> str:
    """The Anki guid of a prep note: stable, so exporting again updates the notes in Anki."""
    return f"prep:{note_id}"


def export_apkg(app: App, path: Path, deck: str | None = None) -> ExportReport:
    """Write the notes (of `deck` and its subdecks) with their scheduling and review history."""
    now = app.now()
    loaded = _load(app, deck)
    config = app.config
    rules_of: dict[str, Rules] = {}

    def rules(deck: str) -> Rules:
        # A deck's cards are scheduled with the parameters in effect for it (fitted per deck
        # by `prep optimize`); Anki stores the decay parameter with each memory state.
        if deck not in rules_of:
            parameters = tuple(app.scheduler_for(deck).parameters)
            rules_of[deck] = Rules(
                learning_steps=len(config.learning_steps),
                relearning_steps=len(config.relearning_steps),
                desired_retention=config.desired_retention,
                decay=parameters[20] if len(parameters) > 20 else FSRS6_DEFAULT_DECAY,
            )
        return rules_of[deck]

    days = AnkiDays.covering(app.timezone, config.day_starts_at, _moments(loaded, now))
    media = _Media()
    notes = []
    for position, (row, cards) in enumerate(loaded.notes, start=1):
        note = note_of(row)
        fields = _fields(note, media.source_for(note, row.root))
        anki_cards = []
        for card in cards:
            logs = loaded.logs.get(card.id, [])
            columns = card_columns(
                memory_of(card),
                position,
                days,
                rules(card.deck),
                now,
                suspended=card.suspended,
                buried_until=from_db(card.buried_until),
            )
            first = logs[0].reviewed_at if logs else now
            anki_cards.append(
                AnkiCard(
                    ord=_anki_ord(note, card.ordinal),
                    deck=card.deck,
                    type=columns.type,
                    queue=columns.queue,
                    due=columns.due,
                    ivl=columns.ivl,
                    factor=columns.factor,
                    reps=card.reps,
                    lapses=card.lapses,
                    left=columns.left,
                    flags=card.flag,
                    data=columns.data,
                    added_ms=int(first.timestamp() * 1000),
                    reviews=revlog(logs, days),
                )
            )
        tags = note.tags + (("leech",) if any(c.leech for c in cards) else ())
        notes.append(AnkiNote(note_guid(note.id), note.type.value, fields, tags, tuple(anki_cards)))
    options = DeckOptions(
        learning_steps_minutes=tuple(s.total_seconds() / 60 for s in config.learning_steps),
        relearning_steps_minutes=tuple(s.total_seconds() / 60 for s in config.relearning_steps),
        new_per_day=config.deck_defaults.new_per_day,
        reviews_per_day=config.deck_defaults.reviews_per_day,
        maximum_interval=config.maximum_interval,
        desired_retention=config.desired_retention,
        leech_fails=config.leech_threshold,
        fsrs_parameters=tuple(app.scheduler.parameters),
    )
    collection = Collection11(
        notes=tuple(notes),
        crt=days.crt,
        minutes_west=days.minutes_west,
        rollover_hour=config.day_starts_at,
        modified=int(now.timestamp()),
        options=options,
    )
    write_apkg(path, collection, media.files)
    return ExportReport(
        path,
        notes=len(notes),
        cards=sum(len(n.cards) for n in notes),
        reviews=sum(len(c.reviews) for n in notes for c in n.cards),
        media=len(media.files),
        warnings=media.warnings,
    )


def export_text(app: App, path: Path, deck: str | None = None) -> ExportReport:
    """Write the notes as Anki's "Notes in Plain Text" (HTML fields; tab-separated, or
    comma-separated when the file name ends in .csv)."""
    loaded = _load(app, deck)
    media = _Media()
    rows = []
    for row, cards in loaded.notes:
        note = note_of(row)
        fields = _fields(note, media.source_for(note, row.root))
        if note.type is NoteType.BEHAVIORAL:
            fields = fields[:2]  # Anki's stock Basic; the competencies are tags already
        tags = note.tags + (("leech",) if any(c.leech for c in cards) else ())
        rows.append(TextNote(note_guid(note.id), note.type.value, row.deck, fields, tags))
    # A parent deck's notes go first: Anki's text import makes a parent it met only as part of
    # a subdeck's name, then names the parent's own deck "Parent+".
    rows.sort(key=lambda note: note.deck.split("::"))
    # Anki reads either from the #separator header; commas suit a spreadsheet's .csv.
    separator = "comma" if path.suffix.lower() == ".csv" else "tab"
    write_text(path, notes_text(rows, separator))
    report = ExportReport(path, notes=len(rows), cards=sum(len(c) for _, c in loaded.notes))
    report.warnings = media.warnings
    if media.files:
        report.warnings.append(
            f"{_images(len(media.files))} referenced but a text file cannot carry images; "
            "copy them into Anki's collection.media folder, or export with --apkg"
        )
    return report


def _images(n: int) -> str:
    return "1 image is" if n == 1 else f"{n} images are"


def _fields(note: Note, image: ImageSource) -> tuple[str, ...]:
    def html(text: str) -> str:
        return markdown_to_html(text, image)

    if note.type is NoteType.CLOZE:
        return (html(note.question), "")
    if note.type is NoteType.BEHAVIORAL:
        return (html(note.question), html(note.answer), ", ".join(note.competencies))
    return (html(note.question), html(note.answer))


def _anki_ord(note: Note, ordinal: int) -> int:
    """Anki numbers a cloze note's cards from 0 (c1 is 0); prep's ordinal is the cloze number."""
    return ordinal - 1 if note.type is NoteType.CLOZE else ordinal


def _moments(loaded: _Loaded, now: datetime) -> list[datetime]:
    moments = [now]
    for _, cards in loaded.notes:
        for card in cards:
            moments += [t for t in (from_db(card.due), from_db(card.last_review)) if t]
    moments += [log.reviewed_at for logs in loaded.logs.values() for log in logs]
    return moments


def _load(app: App, deck: str | None) -> _Loaded:
    in_scope: ColumnElement[bool] = NoteRow.removed.is_(False)
    if deck is not None:
        deck = deck.strip()
        in_scope = and_(in_scope, deck_filter(NoteRow.deck, deck))
    with app.uow() as uow:
        s = uow.session
        order = (NoteRow.position, NoteRow.id)
        note_rows = list(s.scalars(select(NoteRow).where(in_scope).order_by(*order)))
        card_rows = s.scalars(
            select(CardRow)
            .join(NoteRow, CardRow.note_pk == NoteRow.id)
            .where(in_scope, CardRow.removed.is_(False))
            .order_by(CardRow.note_pk, CardRow.ordinal)
        ).all()
        log_rows = (
            s.execute(
                select(*_LOG_COLUMNS)
                .join(CardRow, ReviewLogRow.card_id == CardRow.id)
                .join(NoteRow, CardRow.note_pk == NoteRow.id)
                .where(in_scope, CardRow.removed.is_(False))
                .order_by(ReviewLogRow.id)
            )
            .mappings()
            .all()
        )
    if not note_rows:
        if deck is not None:
            raise NotFoundError(f"no deck named '{deck}'; see `prep decks` for the names")
        raise PrepError("nothing to export: the collection has no notes; run `prep sync` first")
    cards_of: dict[int, list[CardRow]] = defaultdict(list)
    for card in card_rows:
        cards_of[card.note_pk].append(card)
    # A card's history is its review and forget rows that no undo row reverted (as replay).
    reverted = {row["reverts_id"] for row in log_rows if row["kind"] == "undo"}
    logs: dict[int, list[LoggedReview]] = defaultdict(list)
    for row in log_rows:
        if row["kind"] != "undo" and row["id"] not in reverted:
            logs[row["card_id"]].append(_logged(row))
    return _Loaded([(n, cards_of[n.id]) for n in note_rows if cards_of[n.id]], logs)


_LOG_COLUMNS = (
    ReviewLogRow.id,
    ReviewLogRow.card_id,
    ReviewLogRow.kind,
    ReviewLogRow.rating,
    ReviewLogRow.reviewed_at,
    ReviewLogRow.prior_state,
    ReviewLogRow.duration_ms,
    ReviewLogRow.reverts_id,
    ReviewLogRow.state,
    ReviewLogRow.step,
    ReviewLogRow.stability,
    ReviewLogRow.difficulty,
    ReviewLogRow.due,
    ReviewLogRow.last_review,
    ReviewLogRow.reps,
    ReviewLogRow.lapses,
)


def _logged(row: RowMapping) -> LoggedReview:
    """A review-log row read as plain columns (much cheaper than ORM objects for big logs)."""
    reviewed_at = from_db(row["reviewed_at"])
    assert reviewed_at is not None
    result = Memory(
        row["state"],
        row["step"],
        row["stability"],
        row["difficulty"],
        from_db(row["due"]),
        from_db(row["last_review"]),
        row["reps"],
        row["lapses"],
    )
    return LoggedReview(
        row["kind"], row["rating"], reviewed_at, row["prior_state"], result, row["duration_ms"]
    )
