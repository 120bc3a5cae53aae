"""`prep decks`: each deck's cards by state, read without SQLAlchemy where it can be.

The counts come from the index the queue reads (deck, active, state, due), without touching
the cards table; the few buried cards, found through their own partial index, are then taken
off.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from prep.app import App
from prep.core.days import day_bounds
from prep.core.schedule import LEARNING, NEW, RELEARNING, REVIEW
from prep.services.agenda_reads import list_problems
from prep.store.reads import hint, reading


@dataclass(frozen=True)
class DeckCounts:
    deck: str
    total: int
    new: int
    learning: int
    due: int


def deck_counts(app: App) -> list[DeckCounts]:
    """Each deck that directly holds cards, with its own counts (not rolled up); suspended,
    removed, unavailable and buried cards are not counted."""
    now = app.now()
    _, end = day_bounds(now, app.timezone, app.config.day_starts_at)
    counts: dict[str, Counter[str]] = {}
    with reading(app) as reader:
        params = {"now": reader.when(now), "end": reader.when(end)}
        # Per deck and state; reviews also split by due today. Covered by the index.
        live = reader.rows(
            "SELECT deck, state, c.due < :end, COUNT(*) FROM cards c "
            f"{hint(reader, 'INDEXED BY ix_cards_deck_queue')} WHERE c.active = TRUE "
            "GROUP BY deck, state, c.due < :end",
            params,
        )
        buried = reader.rows(
            "SELECT deck, state, c.due < :end, COUNT(*) FROM cards c "
            f"{hint(reader, 'INDEXED BY ix_cards_buried')} "
            "WHERE c.buried_until > :now AND c.active = TRUE GROUP BY deck, state, c.due < :end",
            params,
        )
    for rows, sign in ((live, 1), (buried, -1)):
        for deck, state, due_today, n in rows:
            c = counts.setdefault(str(deck), Counter())
            c["total"] += sign * n
            c[str(state)] += sign * n
            if state == REVIEW and due_today:
                c["due"] += sign * n
    return [
        DeckCounts(deck, c["total"], c[NEW], c[LEARNING] + c[RELEARNING], c["due"])
        for deck, c in sorted(counts.items())
        if c["total"] > 0
    ]


def problem_deck_counts(app: App) -> list[DeckCounts]:
    """Problems shown as decks `Problems::<category>` (new, due today; no learning steps)."""
    _, end = day_bounds(app.now(), app.timezone, app.config.day_starts_at)
    counts: dict[str, list[int]] = {}
    for p in list_problems(app):
        c = counts.setdefault(f"Problems::{p.category}", [0, 0, 0])
        c[0] += 1
        c[1] += p.state == NEW
        c[2] += p.state != NEW and p.due is not None and p.due < end
    return [DeckCounts(deck, t, n, 0, d) for deck, (t, n, d) in sorted(counts.items())]
