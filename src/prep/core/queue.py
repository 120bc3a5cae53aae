"""Today's queue (Anki v3 rules): learning cards, then due reviews, then new cards, under limits."""

from __future__ import annotations

import bisect
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from prep.core.config import Config
from prep.core.notes import deck_ancestors, in_deck
from prep.core.schedule import LEARNING, NEW, RELEARNING, REVIEW


@dataclass(frozen=True)
class Candidate:
    """A card that may enter today's queue, with what the rules need to know."""

    id: int
    key: str
    note_id: str
    deck: str
    state: str
    due: datetime | None
    position: int = 0
    retrievability: float = 0.0


@dataclass(frozen=True)
class DoneToday:
    """Answers already given today: per deck, and which notes were studied."""

    new_by_deck: Counter[str] = field(default_factory=Counter)
    reviews_by_deck: Counter[str] = field(default_factory=Counter)
    notes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class QueueItem:
    candidate: Candidate
    kind: str  # "learning", "review" or "new"


def sort_key(order: str) -> Callable[[Candidate], tuple[object, ...]]:
    """The order within each kind: learning by due time, reviews by due date (or by recall,
    lowest first), new cards by their place in the deck files."""

    def key(c: Candidate) -> tuple[object, ...]:
        if c.state in (LEARNING, RELEARNING):
            return (c.due, c.id)
        if c.state == REVIEW:
            if order == "retrievability":
                return (c.retrievability, c.due, c.id)
            return (c.due, c.id)
        return (c.position, c.id)

    return key


def build_queue(
    candidates: Iterable[Candidate],
    now: datetime,
    day_end: datetime,
    config: Config,
    done: DoneToday,
    selected: str | None = None,
    presorted: bool = False,
) -> list[QueueItem]:
    """Order and limit today's cards. `candidates` may include cards not yet due.

    With `presorted`, each kind of card (learning, review, new) already comes in the order
    `sort_key` gives, and is not sorted again."""
    learning, taken = plan_queue(candidates, now, day_end, config, done, selected, presorted)
    return queue_items(learning, taken, now)


def plan_queue(
    candidates: Iterable[Candidate],
    now: datetime,
    day_end: datetime,
    config: Config,
    done: DoneToday,
    selected: str | None = None,
    presorted: bool = False,
) -> tuple[list[Candidate], TakenCards]:
    """Today's queue in its two parts: the learning cards within the learn-ahead window (by
    due time), and the reviews and new cards the limits let through (see `build_queue`)."""
    learn_horizon = now + timedelta(minutes=config.learn_ahead_minutes)
    learning: list[Candidate] = []
    reviews: list[Candidate] = []
    new: list[Candidate] = []
    for c in candidates:
        if selected is not None and not in_deck(c.deck, selected):
            continue
        if c.state in (LEARNING, RELEARNING):
            if c.due is not None and c.due <= learn_horizon:
                learning.append(c)
        elif c.state == REVIEW:
            if c.due is not None and c.due < day_end:
                reviews.append(c)
        elif c.state == NEW:
            new.append(c)
    if not presorted:
        for cards in (learning, reviews, new):
            cards.sort(key=sort_key(config.order))
    return learning, TakenCards.take(learning, reviews, new, learn_horizon, config, done, selected)


def queue_items(learning: list[Candidate], taken: TakenCards, now: datetime) -> list[QueueItem]:
    """The queue in order from its parts (`learning` by due time, within the window)."""
    # Learning cards already due come first; ones due within the learn-ahead window wait
    # until nothing else is left (Anki's learn-ahead), so a failed card is not shown again at once.
    split = due_by(learning, now)
    return [
        *(QueueItem(c, "learning") for c in learning[:split]),
        *taken.reviews,
        *taken.new,
        *(QueueItem(c, "learning") for c in learning[split:]),
    ]


def due_by(learning: list[Candidate], until: datetime) -> int:
    """How many cards of `learning` (in order of due time) are due by `until`."""
    return bisect.bisect_right(learning, until, key=_due)


def _due(c: Candidate) -> datetime:
    return cast(datetime, c.due)  # a learning card always has a due time


@dataclass
class TakenCards:
    """The due reviews and new cards today's limits let through, in order. A review session
    keeps them across answers instead of ordering its whole queue again for every card.

    Answering the first review (or new card) taken leaves the others as they were: the
    answer uses up, in today's counts, the very place its taking did, and its note, now
    studied, blocks only siblings the limits had already skipped. Answering a learning card
    whose note already blocks its siblings changes nothing either, and neither does a
    learning card coming within the learn-ahead window with such a note (nearly always: it
    was answered today). Anything else, and the cards are taken again. So is a new card's
    answer when new cards count against the review limit: taken after every review, it held
    a place the reviews could not use; answered, it counts among today's answers, ahead of
    them. At every step the result equals a queue built afresh (tested).
    """

    reviews: deque[QueueItem]
    new: deque[QueueItem]
    blocked: set[str]  # notes whose cards were skipped as siblings: studied today, learning
    checked_until: datetime  # every learning card due by then has its note in `blocked`
    new_counts_as_review: bool = False

    @classmethod
    def take(
        cls,
        learning: Iterable[Candidate],
        reviews: Iterable[Candidate],
        new: Iterable[Candidate],
        learn_horizon: datetime,
        config: Config,
        done: DoneToday,
        selected: str | None,
    ) -> TakenCards:
        """Take due `reviews` then `new` cards, each in order, under the limits; `learning`
        holds the learning cards due by `learn_horizon`."""
        chains: dict[str, list[str]] = {}

        def scope(deck: str) -> list[str]:
            chain = chains.get(deck)
            if chain is None:
                chain = chains[deck] = limit_chain(deck, selected)
            return chain

        blocked = set(done.notes) | {c.note_id for c in learning}
        seen_notes = set(blocked)
        review_room = Room(
            reviews_shown(done, config), lambda d: config.limits_for(d).reviews_per_day
        )
        taken_reviews = _take(reviews, "review", scope, [review_room], seen_notes, None)
        new_room = Room(done.new_by_deck, lambda d: config.limits_for(d).new_per_day)
        total_new_left = max(0, config.new_per_day - sum(done.new_by_deck.values()))
        # Anki's v3 rule: unless told otherwise, a new card also takes a place in the review
        # limit, so new cards come only while the review limit has room after the reviews.
        rooms = [new_room] if config.new_cards_ignore_review_limit else [new_room, review_room]
        taken_new = _take(new, "new", scope, rooms, seen_notes, total_new_left)
        return cls(
            deque(taken_reviews),
            deque(taken_new),
            blocked,
            learn_horizon,
            not config.new_cards_ignore_review_limit,
        )

    def answered(self, card: Candidate) -> bool:
        """Account for an answer to `card` (as it was before); False when the cards must be
        taken again instead."""
        if card.state in (LEARNING, RELEARNING):
            kept = card.note_id in self.blocked
        elif card.state == REVIEW:
            kept = bool(self.reviews) and self.reviews[0].candidate.id == card.id
            if kept:
                self.reviews.popleft()
        elif card.state == NEW:
            kept = (
                not self.new_counts_as_review
                and bool(self.new)
                and self.new[0].candidate.id == card.id
            )
            if kept:
                self.new.popleft()
        else:
            kept = False
        self.blocked.add(card.note_id)
        return kept

    def still_hold(
        self, learning: list[Candidate], learn_horizon: datetime, selected: str | None
    ) -> bool:
        """True when the cards taken still hold with `learning` (all learning cards, by due
        time) up to `learn_horizon`; False when they must be taken again."""
        if learn_horizon < self.checked_until:
            return False  # the clock went back: a learning card could have left the window
        for c in learning[due_by(learning, self.checked_until) : due_by(learning, learn_horizon)]:
            if c.note_id not in self.blocked and (selected is None or in_deck(c.deck, selected)):
                return False
        self.checked_until = learn_horizon
        return True


def limit_chain(deck: str, selected: str | None) -> list[str]:
    """The decks whose limits a card of `deck` counts against: its ancestors and itself,
    from the selected deck down (a study of one deck ignores the limits above it)."""
    chain = deck_ancestors(deck)
    return chain[selected.count("::") :] if selected is not None else chain


def review_group(deck: str, selected: str | None, groups: str) -> str:
    """The group whose most overdue reviews are read together (prep.store.candidates): each
    deck (`groups="deck"`, when decks have limits of their own), else the selected deck or
    the top-level one."""
    if groups == "deck":
        return deck
    return selected if selected is not None else deck.split("::", 1)[0]


class Room:
    """How many more cards each deck may show today: its limit less what it and its
    subdecks have already shown."""

    def __init__(self, done_by_deck: Counter[str], limit_of: Callable[[str], int]) -> None:
        self.limit_of = limit_of
        self.done: Counter[str] = Counter()
        for deck, count in done_by_deck.items():
            for ancestor in deck_ancestors(deck):
                self.done[ancestor] += count
        self._left: dict[str, int] = {}

    def __call__(self, deck: str) -> int:
        left = self._left.get(deck)
        if left is None:
            left = self._left[deck] = self.limit_of(deck) - self.done[deck]
        return max(0, left)

    def has_place(self, chain: list[str]) -> bool:
        """Whether every deck of `chain` has a place left."""
        return all(self(d) > 0 for d in chain)

    def take(self, chain: list[str]) -> None:
        """Use one place in every deck of `chain` (each has one: see `has_place`)."""
        for d in chain:
            self(d)  # the deck's room, worked out once
            self._left[d] -= 1


def reviews_shown(done: DoneToday, config: Config) -> Counter[str]:
    """What today's answers used of each deck's review limit: its reviews and, under Anki's
    v3 rule (`new_cards_ignore_review_limit` off), its new cards too."""
    if config.new_cards_ignore_review_limit:
        return done.reviews_by_deck
    return done.reviews_by_deck + done.new_by_deck


def _take(
    cards: Iterable[Candidate],
    kind: str,
    scope: Callable[[str], list[str]],
    rooms: list[Room],
    seen_notes: set[str],
    total_left: int | None,
) -> list[QueueItem]:
    """Cards in order while `total_left` allows, each when every room has a place in each
    deck of its chain (taking one in each), one card per note."""
    taken: list[QueueItem] = []
    for c in cards:
        if total_left is not None and len(taken) >= total_left:
            break
        if c.note_id in seen_notes:
            continue  # siblings are not shown on the same day
        chain = scope(c.deck)
        if not all(room.has_place(chain) for room in rooms):
            continue
        for room in rooms:
            room.take(chain)
        seen_notes.add(c.note_id)
        taken.append(QueueItem(c, kind))
    return taken
