"""Adding notes to the user's own deck files."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from prep.app import App
from prep.core.deckfile import parse_deck
from prep.core.errors import PrepError
from prep.files import write_atomic
from prep.store.models import NoteRow


def slug(text: str, words: int = 6) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())[:words]
    return "-".join(parts) or "note"


def user_deck_file(app: App, deck: str) -> Path:
    """The user's file for `deck`: an existing one in PREP_HOME/decks, else a new path."""
    root = app.user_deck_dir
    with app.uow() as uow:
        path = uow.session.scalars(
            select(NoteRow.path).where(NoteRow.deck == deck, NoteRow.root == str(root.resolve()))
        ).first()
    if path:
        return Path(path)
    rel = "/".join(slug(part, 8) for part in deck.split("::"))
    return root / f"{rel}.md"


def add_note(
    app: App, deck: str, question: str, answer: str, note_type: str, tags: list[str]
) -> tuple[str, Path]:
    """Append a note with a generated id, check the file still parses, then sync it."""
    from prep.services.sync import sync_decks

    if not question.strip() or not answer.strip():
        raise PrepError("a note needs a non-empty question (--q) and answer (--a)")
    if any(line.startswith(("## ", "A:", "tags:")) for line in question.splitlines()[1:]):
        raise PrepError("the question may not contain lines starting with '## ', 'A:' or 'tags:'")
    sync_decks(app)
    with app.uow() as uow:
        taken = set(uow.session.scalars(select(NoteRow.note_id)))
    base = slug(question)
    note_id, n = base, 2
    while note_id in taken:
        note_id, n = f"{base}-{n}", n + 1
    path = user_deck_file(app, deck)
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text(encoding="utf-8") if path.exists() else f"---\ndeck: {deck}\n---\n"
    kind = "" if note_type == "basic" else f" {{{note_type}}}"
    block = f"\n## {note_id}{kind}\nQ: {question.strip()}\nA: {answer.strip()}\n"
    if tags:
        block += f"tags: {', '.join(tags)}\n"
    new = old.rstrip("\n") + "\n" + block
    parse_deck(new, str(path), deck)  # refuse to write a file that would not load
    write_atomic(path, new)
    report = sync_decks(app)
    for err in report.errors:
        if str(path) in err:
            raise PrepError(err)
    return note_id, path
