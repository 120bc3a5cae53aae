"""Notes and the cards they produce. A note is the unit of identity; its cards follow from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

NOTE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
CLOZE = re.compile(r"\{\{c(\d{1,3})::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
DIFFICULTIES = ("easy", "medium", "hard")
COMPETENCIES = (
    "conflict",
    "failure",
    "leadership",
    "ambiguity",
    "impact",
    "collaboration",
    "learning",
    "motivation",
    "ownership",
    "communication",
    "prioritization",
    "feedback",
)


class NoteType(StrEnum):
    BASIC = "basic"
    REVERSE = "reverse"
    CLOZE = "cloze"
    BEHAVIORAL = "behavioral"


@dataclass(frozen=True)
class CardSpec:
    """One reviewable card of a note: its stable key, ordinal, and both sides."""

    key: str
    ordinal: int
    front: str
    back: str


@dataclass(frozen=True)
class Note:
    id: str
    type: NoteType
    deck: str
    question: str
    answer: str
    tags: tuple[str, ...] = ()
    area: str | None = None
    path: str = ""
    line: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def difficulty(self) -> str | None:
        return next((t for t in self.tags if t in DIFFICULTIES), None)

    @property
    def competencies(self) -> tuple[str, ...]:
        return tuple(t for t in self.tags if t in COMPETENCIES)

    def cards(self) -> list[CardSpec]:
        """The cards this note produces, in a stable order."""
        if self.type is NoteType.CLOZE:
            return [
                CardSpec(
                    f"{self.id}:c{n}",
                    n,
                    cloze_front(self.question, n),
                    cloze_back(self.question, n),
                )
                for n in cloze_numbers(self.question)
            ]
        cards = [CardSpec(self.id, 0, self.question, self.answer)]
        if self.type is NoteType.REVERSE:
            cards.append(CardSpec(f"{self.id}:rev", 1, self.answer, self.question))
        return cards


def cloze_numbers(text: str) -> list[int]:
    return sorted({int(m.group(1)) for m in CLOZE.finditer(text)})


def cloze_front(text: str, n: int) -> str:
    """The question side of cloze card `n`: its deletions hidden, the others shown."""

    def hide(m: re.Match[str]) -> str:
        if int(m.group(1)) != n:
            return m.group(2)
        return f"[{m.group(3)}]" if m.group(3) else "[…]"

    return CLOZE.sub(hide, text)


def cloze_back(text: str, n: int) -> str:
    """The answer side of cloze card `n`: its deletions revealed in bold."""

    def reveal(m: re.Match[str]) -> str:
        return f"**{m.group(2)}**" if int(m.group(1)) == n else m.group(2)

    return CLOZE.sub(reveal, text)


def note_id_of(card_key: str) -> str:
    """The note id a card key starts with (`Note.cards`: `id`, `id:c2`, `id:rev`; a note id
    holds no colon)."""
    return card_key.split(":", 1)[0]


def deck_ancestors(deck: str) -> list[str]:
    """`A::B::C` -> [`A`, `A::B`, `A::B::C`]."""
    parts = deck.split("::")
    return ["::".join(parts[: i + 1]) for i in range(len(parts))]


def in_deck(deck: str, selected: str) -> bool:
    """True when `deck` is `selected` or one of its descendants."""
    return deck == selected or deck.startswith(selected + "::")
