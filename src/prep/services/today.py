"""Today's queue: read from the database once, then kept up to date in memory by each answer.

`prep due` and the agenda build it once. A review session keeps it and records each answer
in it, so showing the next card needs no query (Anki keeps its queue in memory the same
way). It reads the database again only when memory could be wrong or short: a new study
day, an undo or another process's answer, or a group of cards whose fetched window (only
the most overdue reviews and the first new cards of each deck are read) no longer holds as
many cards as its limits could still show. At every step `items()` equals a queue built
afresh (tested).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from prep.app import App
from prep.core.days import day_bounds
from prep.core.notes import deck_ancestors
from prep.core.queue import Candidate, DoneToday, QueueItem, build_queue
from prep.core.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory, retrievability

# Room in each fetched window for cards skipped because a sibling was studied today.
SIBLING_MARGIN = 50


class TodayQueue:
    candidates: dict[int, Candidate]
    done: DoneToday
    day_start: datetime
    day_end: datetime
    review_groups: str
    review_window: int | None
    new_window: int
    full_review_groups: set[str]
    full_new_decks: set[str]
    _by_key: dict[str, Candidate]

    def __init__(self, app: App, deck: str | None = None) -> None:
        self.app = app
        self.deck = deck
        self.reloads = 0
        self._load()

    def items(self) -> list[QueueItem]:
        """Today's queue in order, under the deck and collection limits, as of now."""
        now = self.app.now()
        if not self.day_start <= now < self.day_end or not self._windows_suffice():
            self._load()
        return build_queue(
            self.candidates.values(), now, self.day_end, self.app.config, self.done, self.deck
        )

    def answered(self, key: str, memory: Memory, leech: bool) -> None:
        """Record an answer the review service has committed for card `key`."""
        card = self._by_key.get(key)
        if card is None:
            self._load()  # not a card of this queue (answered from elsewhere): read again
            return
        new, reviews = Counter(self.done.new_by_deck), Counter(self.done.reviews_by_deck)
        if card.state == NEW:
            new[card.deck] += 1
        elif card.state == REVIEW:
            reviews[card.deck] += 1
        self.done = DoneToday(new, reviews, self.done.notes | {card.note_id})
        if leech:  # suspended
            del self.candidates[card.id]
            del self._by_key[key]
            return
        updated = replace(
            card,
            state=memory.state,
            due=memory.due,
            retrievability=self._recall(memory, self.app.now()),
        )
        self.candidates[card.id] = updated
        self._by_key[key] = updated

    def reload(self) -> None:
        """Read everything again (after an undo, a card action or a refused answer)."""
        self._load()

    # --- reading and checking the windows -------------------------------------------------

    def _load(self) -> None:
        from prep.store.repo import done_today, queue_candidates

        app = self.app
        config = app.config
        now = app.now()
        self.day_start, self.day_end = day_bounds(now, app.timezone, config.day_starts_at)
        limits = [config.deck_defaults, *config.deck_limits.values()]
        if self.deck is not None:
            from prep.services.review import check_deck_exists

            check_deck_exists(app, self.deck)
        # A deck with limits of its own could fill its parent's window: window per deck then.
        self.review_groups = "deck" if config.deck_limits else "top"
        with app.uow() as uow:
            self.done = done_today(uow.session, self.day_start)
            margin = SIBLING_MARGIN + len(self.done.notes)
            self.review_window = (
                max(lim.reviews_per_day for lim in limits) + margin
                if config.order == "due"
                else None
            )
            self.new_window = max(lim.new_per_day for lim in limits) + margin
            rows = queue_candidates(
                uow.session,
                now,
                self.day_end,
                config.learn_ahead_minutes,
                self.new_window,
                self.review_window,
                self.deck,
                # Recall now orders reviews in "retrievability" mode, with the user's parameters.
                lambda memory: self._recall(memory, now),
                learning_until=self.day_end,
                review_groups=self.review_groups,
            )
        self.candidates = {c.id: c for c in rows}
        self._by_key = {c.key: c for c in rows}
        review_counts = Counter(self._review_group(c.deck) for c in rows if c.state == REVIEW)
        new_counts = Counter(c.deck for c in rows if c.state == NEW)
        self.full_review_groups = (
            {g for g, n in review_counts.items() if n >= self.review_window}
            if self.review_window is not None
            else set()
        )
        self.full_new_decks = {d for d, n in new_counts.items() if n >= self.new_window}
        self.reloads += 1

    def _recall(self, memory: Memory, now: datetime) -> float:
        return retrievability(self.app.scheduler, memory, now)

    def _review_group(self, deck: str) -> str:
        if self.review_groups == "deck":
            return deck
        if self.deck is not None:
            return self.deck
        return deck.split("::", 1)[0]

    def _chain(self, deck: str) -> list[str]:
        chain = deck_ancestors(deck)
        if self.deck is not None:
            chain = chain[self.deck.count("::") :]
        return chain

    def _windows_suffice(self) -> bool:
        """Each window that was cut off still holds as many cards as its group could show."""
        if not self.full_review_groups and not self.full_new_decks:
            return True
        config = self.app.config
        blocked = set(self.done.notes) | {
            c.note_id for c in self.candidates.values() if c.state in (LEARNING, RELEARNING)
        }
        if self.full_review_groups:
            left = _Left(self.done.reviews_by_deck, lambda d: config.limits_for(d).reviews_per_day)
            notes: dict[str, set[str]] = {}
            for c in self.candidates.values():
                if c.state == REVIEW and c.due is not None and c.due < self.day_end:
                    notes.setdefault(self._review_group(c.deck), set()).add(c.note_id)
            for group in self.full_review_groups:
                need = min(left(d) for d in self._chain(group))
                if len(notes.get(group, set()) - blocked) < need:
                    return False
        if self.full_new_decks:
            # New cards come after reviews: a review's siblings are not shown either.
            blocked |= {
                c.note_id
                for c in self.candidates.values()
                if c.state == REVIEW and c.due is not None and c.due < self.day_end
            }
            left = _Left(self.done.new_by_deck, lambda d: config.limits_for(d).new_per_day)
            total_left = config.new_per_day - sum(self.done.new_by_deck.values())
            fresh: dict[str, set[str]] = {}
            for c in self.candidates.values():
                if c.state == NEW:
                    fresh.setdefault(c.deck, set()).add(c.note_id)
            for deck in self.full_new_decks:
                need = min(total_left, *(left(d) for d in self._chain(deck)))
                if len(fresh.get(deck, set()) - blocked) < need:
                    return False
        return True


class _Left:
    """How many more cards a deck may show today: its limit less what it and its subdecks
    have shown."""

    def __init__(self, done_by_deck: Counter[str], limit_of: Callable[[str], int]) -> None:
        self.limit_of = limit_of
        self.rolled: Counter[str] = Counter()
        for deck, count in done_by_deck.items():
            for ancestor in deck_ancestors(deck):
                self.rolled[ancestor] += count

    def __call__(self, deck: str) -> int:
        return max(0, self.limit_of(deck) - self.rolled[deck])


def today_queue(app: App, deck: str | None = None) -> list[QueueItem]:
    """Today's queue, read once."""
    return TodayQueue(app, deck).items()
