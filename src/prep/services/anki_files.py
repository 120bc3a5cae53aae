"""Where imported notes and media live: deck files under PREP_HOME/decks/anki, media in
PREP_HOME/decks/media. Existing files are merged, never replaced wholesale: a note the import
brings again is rewritten in place, a new note is appended, and every other note (your own
additions) is kept as it was."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

from prep.core.deckfile import DeckFile, parse_deck, parse_deck_bytes
from prep.core.errors import DeckError, PrepError
from prep.files import digest_or_none

IMPORT_FOLDER = "anki"
MEDIA_FOLDER = "media"
UNSAFE_MEDIA = re.compile(r"[\x00-\x1f/\\]")


@dataclass
class DeckFilePlan:
    """One deck file to write: its notes in order (kept text or new blocks by note id)."""

    path: Path  # as sync names it: the resolved deck root joined with the relative path
    deck: str
    preamble: str | None  # the lines before the first note (front matter), if any
    # note id -> lines, in file order: kept blocks are exact slices of the file, so an
    # untouched file comes out byte for byte; new blocks end with a newline (a blank line after).
    blocks: dict[str, str] = field(default_factory=dict)
    original: str | None = None  # the file's text before the import, when it exists

    def put(self, note_id: str, block: str) -> None:
        """Replace the note's block where it stands, or append it."""
        block = block.rstrip("\n") + "\n"
        old = self.blocks.get(note_id)
        if old is not None:
            if old.rstrip("\n") != block.rstrip("\n"):
                self.blocks[note_id] = block
            return
        if self.blocks:
            last_id = next(reversed(self.blocks))
            if not self.blocks[last_id].endswith("\n"):
                self.blocks[last_id] += "\n"  # a blank line before the new note
        self.blocks[note_id] = block

    def drop(self, note_id: str) -> None:
        self.blocks.pop(note_id, None)

    def text(self) -> str:
        parts = [] if self.preamble is None else [self.preamble]
        return "\n".join([*parts, *self.blocks.values()])

    def parse(self) -> DeckFile:
        return parse_deck(self.text(), str(self.path), self.deck)


@dataclass
class DeckFiles:
    """The import folder as found on disk, and the plans for the files this import touches."""

    root: Path  # the user deck directory, resolved like sync resolves it
    plans: dict[Path, DeckFilePlan] = field(default_factory=dict)
    by_deck: dict[str, Path] = field(default_factory=dict)
    note_file: dict[str, Path] = field(default_factory=dict)  # note id -> file holding it
    taken: set[Path] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.root / IMPORT_FOLDER

    @classmethod
    def scan(cls, root: Path) -> DeckFiles:
        """Read every deck file under root/anki; a malformed one is reported and left alone."""
        found = cls(root)
        if not found.folder.is_dir():
            return found
        for dirpath, dirnames, filenames in os.walk(found.folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.endswith(".md") or name.startswith(".") or name.lower() == "readme.md":
                    continue
                path = Path(dirpath) / name
                found.taken.add(path)
                found._load(path)
        return found

    def _load(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.warnings.append(f"{path}: cannot read ({exc.strerror}); left as it is")
            return
        default = "::".join(path.relative_to(self.root).with_suffix("").parts)
        try:
            parsed = parse_deck_bytes(data, str(path), default)
        except DeckError as exc:
            self.warnings.append(f"{exc}; the file was left as it is (fix it and import again)")
            return
        text = data.decode("utf-8").removeprefix("\ufeff")
        plan = DeckFilePlan(path, parsed.deck, *_split(text, parsed), original=text)
        self.plans[path] = plan
        self.by_deck.setdefault(parsed.deck, path)
        for note in parsed.notes:
            self.note_file[note.id] = path

    def target(self, note_id: str, deck: str) -> DeckFilePlan:
        """The file a note goes to: the one holding it if that file is for its deck, else the
        deck's file."""
        current = self.note_file.get(note_id)
        if current is not None and self.plans[current].deck == deck:
            return self.plans[current]
        return self.plan_for(deck)

    def plan_for(self, deck: str) -> DeckFilePlan:
        """The file that holds `deck`'s imported notes: an existing one, else a new path."""
        path = self.by_deck.get(deck)
        if path is None:
            path = self._new_path(deck)
            front = yaml.safe_dump({"deck": deck}, allow_unicode=True, width=10_000).strip()
            self.plans[path] = DeckFilePlan(path, deck, f"---\n{front}\n---\n")
            self.by_deck[deck] = path
            self.taken.add(path)
        return self.plans[path]

    def _new_path(self, deck: str) -> Path:
        rel = Path(*[_slug(part) for part in deck.split("::")])
        candidate = self.folder / rel.with_suffix(".md")
        n = 2
        while candidate in self.taken or candidate.exists():
            candidate = self.folder / rel.parent / f"{rel.name}-{n}.md"
            n += 1
        return candidate

    def changed(self) -> list[DeckFilePlan]:
        """The files to write: existing ones whose text changed, new ones that got notes."""
        return [
            plan
            for plan in self.plans.values()
            if (plan.blocks if plan.original is None else plan.text() != plan.original)
        ]


def _split(text: str, parsed: DeckFile) -> tuple[str | None, dict[str, str]]:
    """The text before the first note, and each note's lines up to the next note."""
    lines = text.split("\n")
    starts = sorted((note.line, note.id) for note in parsed.notes)
    if not starts:
        return text, {}
    preamble = "\n".join(lines[: starts[0][0] - 1]) if starts[0][0] > 1 else None
    blocks: dict[str, str] = {}
    for index, (line, note_id) in enumerate(starts):
        end = starts[index + 1][0] - 1 if index + 1 < len(starts) else len(lines)
        blocks[note_id] = "\n".join(lines[line - 1 : end])
    return preamble, blocks


def _slug(part: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    if slug:
        return slug
    return "deck-" + hashlib.sha256(part.encode("utf-8")).hexdigest()[:8]


@dataclass
class MediaPlan:
    """Anki media names -> the files kept in the media folder."""

    folder: Path
    names: dict[str, str] = field(default_factory=dict)  # Anki name -> kept file name
    claimed: dict[str, str] = field(default_factory=dict)  # kept file name -> sha256

    def place(self, name: str, data: bytes) -> tuple[str, bool]:
        """The file name `name` is kept under, and whether it must be written.

        Same content under the same name is reused; a different file of that name gets the
        first characters of its checksum added, as Anki does on a clash.
        """
        if not safe_media_name(name):
            raise PrepError(f"unsafe media file name {name!r}")
        digest = hashlib.sha256(data).hexdigest()
        kept = name + ".txt" if name.lower().endswith(".md") else name  # never read as a deck
        stem, dot, suffix = kept.rpartition(".")
        if not dot:
            stem, suffix = kept, ""
        candidates = [kept, f"{stem}-{digest[:8]}{dot}{suffix}"]
        for candidate in candidates:
            have = self.claimed.get(candidate) or digest_or_none(self.folder / candidate)
            if have is None or have == digest:
                self.names[name] = candidate
                fresh = have is None and candidate not in self.claimed
                self.claimed[candidate] = digest
                return candidate, fresh
        raise PrepError(f"media file {name!r} clashes with two different files in {self.folder}")

    def link(self, name: str, from_dir: Path) -> str:
        """A Markdown link target from a deck file's folder to a kept media file."""
        kept = self.names.get(name, name)
        rel = os.path.relpath(self.folder / kept, from_dir)
        return quote(Path(rel).as_posix(), safe="/")


def safe_media_name(name: str) -> bool:
    """A flat file name: no folders, no '..', no control characters, not hidden."""
    return bool(name) and not UNSAFE_MEDIA.search(name) and not name.startswith(".")
