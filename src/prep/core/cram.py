"""Cramming for an interview: which matching items will be forgotten by the event date.

An event's focus tags match an item's words (card tags and deck-name segments, problem
category and tags), directly or through the alias table (DESIGN §5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs import Scheduler

from prep.core.schedule import NEW, Memory, retrievability

CRAM_RECALL = 0.9  # items predicted below this on the event date are worth cramming


def matches(words: frozenset[str], focus: Sequence[str], aliases: Mapping[str, str]) -> bool:
    """True when any focus tag (or its alias) is one of the item's words."""
    return any(t in words or aliases.get(t) in words for t in focus)


def deck_words(deck: str) -> set[str]:
    """`ML::Linear regression` → {'ml', 'linear-regression'}, as focus tags are written."""
    return {"-".join(seg.lower().split()) for seg in deck.split("::")}


@dataclass(frozen=True)
class StudyItem:
    kind: str  # "card" or "problem"
    key: str
    words: frozenset[str]
    memory: Memory


@dataclass(frozen=True)
class Ranked:
    item: StudyItem
    recall: float  # predicted probability of recall on the event date


@dataclass(frozen=True)
class CramPlan:
    """Matching reviewed items, lowest predicted recall on the event date first."""

    ranked: tuple[Ranked, ...]
    never_seen_cards: int
    never_seen_problems: int

    def below(self, kind: str, threshold: float = CRAM_RECALL) -> list[Ranked]:
        return [r for r in self.ranked if r.item.kind == kind and r.recall < threshold]


def rank_for_event(
    items: Iterable[StudyItem],
    focus: Sequence[str],
    at: datetime,
    scheduler: Scheduler,
    aliases: Mapping[str, str],
    studied_since: datetime | None = None,
) -> CramPlan:
    """Rank items matching `focus` by recall at `at`; items studied since `studied_since`
    (e.g. today's start) are left out, so a cram session moves on once an item is reviewed."""
    ranked: list[Ranked] = []
    never = {"card": 0, "problem": 0}
    for item in items:
        if not matches(item.words, focus, aliases):
            continue
        m = item.memory
        if m.state == NEW or m.last_review is None:
            never[item.kind] += 1
            continue
        if studied_since is not None and m.last_review >= studied_since:
            continue
        ranked.append(Ranked(item, retrievability(scheduler, m, at)))
    ranked.sort(key=lambda r: (r.recall, r.item.kind, r.item.key))
    return CramPlan(tuple(ranked), never["card"], never["problem"])
