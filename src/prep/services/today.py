"""Today's queue: read from the database once, then kept up to date in memory by each answer.

`prep due` and the agenda build it once. A review session keeps it and records each answer
in it, so showing the next card needs no query (Anki keeps its queue in memory the same
way). It reads the database again only when memory could be wrong or short: a new study
day, an undo or another process's answer, or a group of cards whose fetched window (only
the most overdue reviews and the first new cards of each deck are read) no longer holds as
many cards as its limits could still show. The order is kept across answers too
(`prep.core.queue.TakenCards`), so the session's next card (`next_card`) costs no more than
a lookup. At every step `items()` equals a queue built afresh (tested).
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from prep.app import App
from prep.core.days import day_bounds
from prep.core.errors import NotFoundError
from prep.core.notes import in_deck
from prep.core.queue import (
    Candidate,
    DoneToday,
    QueueItem,
    Room,
    TakenCards,
    due_by,
    limit_chain,
    plan_queue,
    queue_items,
    review_group,
    reviews_shown,
    sort_key,
)
from prep.core.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory, retrievability
from prep.store.candidates import deck_names, done_today, queue_candidates

if TYPE_CHECKING:
    from fsrs import Scheduler

    from prep.store.reads import Reader

# Room in each fetched window for cards skipped because a sibling was studied today. Only
# a first guess: a window found short is read again wider.
SIBLING_MARGIN = 10
# How far past the learn-ahead window learning cards are read.
LEARNING_AHEAD = timedelta(hours=1)
LEARNING_STATES = (LEARNING, RELEARNING)


@dataclass(frozen=True)
class NextCard:
    """The card to show next (None: nothing left today) and the cards left today by kind."""

    item: QueueItem | None
    left: dict[str, int]  # learning, review, new


class TodayQueue:
    candidates: dict[str, Candidate]  # by card key
    done: DoneToday
    day_start: datetime
    day_end: datetime
    review_window: int | None
    new_window: int
    full_review_groups: set[str]
    review_groups: str
    full_new_decks: set[str]
    fetched_until: datetime
    fetched_at: datetime
    _short: bool
    _review_slack: dict[str, int]
    _new_slack: dict[str, int]
    _sorted: dict[str, list[Candidate]]
    _key: Callable[[Candidate], tuple[object, ...]]
    _keys_by_deck: dict[str, list[str]]
    _decks_by_group: dict[str, set[str]]

    def __init__(self, app: App, deck: str | None = None, session: bool = True) -> None:
        """`session`: kept through a review session (learning cards due in the next hour
        are read too); otherwise read for one look at the queue."""
        self.app = app
        self.deck = deck
        self.session = session
        self.reloads = 0
        self.builds = 0  # times the queue was ordered in full (not kept up by an answer)
        self._schedulers: dict[str, Scheduler] = {}
        self._taken: TakenCards | None = None
        self._taken_reloads = -1
        self._load()

    def items(self, now: datetime | None = None) -> list[QueueItem]:
        """Today's queue in order, under the deck and collection limits, as of now."""
        now = now or self.app.now()
        taken, learning_due = self._current(now)
        return queue_items(self._learning(learning_due), taken, now)

    def next_card(self, now: datetime | None = None) -> NextCard:
        """`items()[0]` and how many items of each kind there are, without ordering the whole
        queue: what a review session shows."""
        now = now or self.app.now()
        taken, learning_due = self._current(now)
        if self.deck is None:  # every learning card is in scope: no list to build
            count = learning_due
            first = self._sorted["learning"][0] if count else None
        else:
            learning = self._learning(learning_due)
            count = len(learning)
            first = learning[0] if count else None
        item: QueueItem | None
        if first is not None and first.due is not None and first.due <= now:
            item = QueueItem(first, "learning")
        elif taken.reviews:
            item = taken.reviews[0]
        elif taken.new:
            item = taken.new[0]
        else:  # only learning cards due within the learn-ahead window are left, if any
            item = QueueItem(first, "learning") if first is not None else None
        return NextCard(
            item, {"learning": count, "review": len(taken.reviews), "new": len(taken.new)}
        )

    def _current(self, now: datetime) -> tuple[TakenCards, int]:
        """The reviews and new cards taken as of `now`, and how many of the learning cards
        (in due order) are within the learn-ahead window. Reads again, or orders the queue
        in full again, only when what is kept no longer holds."""
        horizon = now + timedelta(minutes=self.app.config.learn_ahead_minutes)
        # Nothing due after the rollover is read (nor shown) today: so close to it, a horizon
        # beyond it needs no new read.
        if (
            not self.day_start <= now < self.day_end
            or self._short
            or min(horizon, self.day_end) > self.fetched_until
        ):
            self._load()
        learning = self._sorted["learning"]
        taken = self._taken
        if (
            taken is None
            or self._taken_reloads != self.reloads
            or not taken.still_hold(learning, horizon, self.deck)
        ):
            _, taken = plan_queue(
                itertools.chain.from_iterable(self._sorted.values()),
                now,
                self.day_end,
                self.app.config,
                self.done,
                self.deck,
                presorted=True,
            )
            self._taken, self._taken_reloads = taken, self.reloads
            self.builds += 1
        return taken, due_by(learning, horizon)

    def _learning(self, learning_due: int) -> list[Candidate]:
        """The first `learning_due` learning cards (by due time), those in the selected deck."""
        within = self._sorted["learning"][:learning_due]
        return within if self.deck is None else [c for c in within if in_deck(c.deck, self.deck)]

    def answered(self, key: str, memory: Memory, leech: bool) -> None:
        """Record an answer the review service has committed for card `key`."""
        card = self.candidates.get(key)
        if card is None:
            self._load()  # not a card of this queue (answered from elsewhere): read again
            return
        if self._taken is not None and not self._taken.answered(card):
            self._taken = None  # the queue must be ordered in full again
        new, reviews = Counter(self.done.new_by_deck), Counter(self.done.reviews_by_deck)
        if card.state == NEW:
            new[card.deck] += 1
        elif card.state == REVIEW:
            reviews[card.deck] += 1
        self.done = DoneToday(new, reviews, self.done.notes | {card.note_id})
        ordered = self._sorted[_kind(card)]
        # Sort keys end with the card id, so the card is found by bisection, not a scan.
        at = bisect.bisect_left(ordered, self._key(card), key=self._key)
        if at >= len(ordered) or ordered[at] is not card:
            self._load()  # cannot happen while the lists stay sorted; read again if it does
            return
        del ordered[at]
        if leech:  # suspended
            del self.candidates[key]
        else:
            updated = replace(
                card,
                state=memory.state,
                due=memory.due,
                # Ranked as of the read, like every other card of the session (recall orders
                # the queue only in "retrievability" mode).
                retrievability=self._recall(memory, card.deck, self.fetched_at)
                if self.app.config.order == "retrievability"
                else 0.0,
            )
            self.candidates[key] = updated
            bisect.insort(self._sorted[_kind(updated)], updated, key=self._key)
        # Only the answered card's own group can now hold too few cards: it lost at most one
        # eligible note (the answered one) and every other group's limits only tightened.
        # Each group's slack (eligible notes beyond what it could still show) is counted
        # down, and counted exactly again only when it runs out.
        group = self._review_group(card.deck)
        if group in self._review_slack:
            self._review_slack[group] -= 1
            if self._review_slack[group] < 0:
                self._review_slack[group] = self._reviews_slack(group)
                self._short |= self._review_slack[group] < 0
        if card.deck in self._new_slack:
            self._new_slack[card.deck] -= 1
            if self._new_slack[card.deck] < 0:
                self._new_slack[card.deck] = self._new_cards_slack(card.deck)
                self._short |= self._new_slack[card.deck] < 0

    def reload(self) -> None:
        """Read everything again (after an undo, a card action or a refused answer)."""
        self._load()

    # --- reading and checking the windows -------------------------------------------------

    def _load(self) -> None:
        """Read today's candidates; widen the windows until each holds what it could show."""
        extra = 0
        for _attempt in range(6):
            self._fetch(extra)
            self._review_slack = {g: self._reviews_slack(g) for g in self.full_review_groups}
            self._new_slack = {d: self._new_cards_slack(d) for d in self.full_new_decks}
            if min([*self._review_slack.values(), *self._new_slack.values(), 0]) >= 0:
                break
            extra = max(4 * extra, 200)
        self._short = False
        self.reloads += 1

    def _fetch(self, extra: int) -> None:
        from prep.store.reads import reading

        app = self.app
        config = app.config
        now = app.now()
        self.day_start, self.day_end = day_bounds(now, app.timezone, config.day_starts_at)
        # Learning cards due in the next hour are read too: the session needs no query
        # when they come within the learn-ahead window.
        self.fetched_at = now
        self.fetched_until = min(
            self.day_end,
            now
            + timedelta(minutes=config.learn_ahead_minutes)
            + (LEARNING_AHEAD if self.session else timedelta(0)),
        )
        limits = [config.deck_defaults, *config.deck_limits.values()]
        # With one limit for every deck a subdeck's cap never binds before its top-level
        # deck's, so a window per top-level deck is exact; limits of their own need a window
        # per deck.
        self.review_groups = "deck" if config.deck_limits else "top"
        with reading(app) as reader:
            if self.deck is not None:
                check_deck_exists(reader, self.deck)
            self.done = done_today(reader, self.day_start)
            margin = SIBLING_MARGIN + extra
            self.review_window = (
                max(lim.reviews_per_day for lim in limits) + margin
                if config.order == "due"
                else None
            )
            self.new_window = max(lim.new_per_day for lim in limits) + margin
            rows = queue_candidates(
                reader,
                now,
                self.day_end,
                self.fetched_until,
                self.new_window,
                self.review_window,
                self.deck,
                # Recall now orders reviews in "retrievability" mode, with the user's parameters.
                (lambda memory, deck: self._recall(memory, deck, now, reader))
                if config.order == "retrievability"
                else None,
                review_groups=self.review_groups,
            )
        self.candidates = {c.key: c for c in rows}
        self._key = sort_key(config.order)
        self._sorted = {kind: [] for kind in ("learning", "review", "new")}
        for c in rows:
            self._sorted[_kind(c)].append(c)
        for cards in self._sorted.values():
            cards.sort(key=self._key)
        self._keys_by_deck = {}
        self._decks_by_group = {}
        for c in rows:
            self._keys_by_deck.setdefault(c.deck, []).append(c.key)
            self._decks_by_group.setdefault(self._review_group(c.deck), set()).add(c.deck)
        review_counts = Counter(self._review_group(c.deck) for c in rows if c.state == REVIEW)
        new_counts = Counter(c.deck for c in rows if c.state == NEW)
        self.full_review_groups = (
            {g for g, n in review_counts.items() if n >= self.review_window}
            if self.review_window is not None
            else set()
        )
        self.full_new_decks = {d for d, n in new_counts.items() if n >= self.new_window}

    def _recall(
        self, memory: Memory, deck: str, now: datetime, reader: Reader | None = None
    ) -> float:
        """Recall now, by the parameters that schedule the card's deck."""
        scheduler = self._schedulers.get(deck)
        if scheduler is None:
            scheduler = self._schedulers[deck] = self.app.scheduler_for(deck, reader)
        return retrievability(scheduler, memory, now)

    def _review_group(self, deck: str) -> str:
        return review_group(deck, self.deck, self.review_groups)

    def _in_decks(self, decks: Iterable[str]) -> list[Candidate]:
        return [
            self.candidates[k]
            for d in decks
            for k in self._keys_by_deck.get(d, ())
            if k in self.candidates
        ]

    def _reviews_slack(self, group: str) -> int:
        """Eligible reviews in the group's window beyond what its limits could still show
        (negative: too few, more must be read).

        A note's cards share its deck, so what blocks a sibling (a note studied today or in
        learning) is found among the group's own cards."""
        cards = self._in_decks(self._decks_by_group.get(group, ()))
        blocked = set(self.done.notes) | {c.note_id for c in cards if c.state in LEARNING_STATES}
        eligible = {
            c.note_id
            for c in cards
            if c.state == REVIEW and c.due is not None and c.due < self.day_end
        }
        limits = self.app.config
        shown = reviews_shown(self.done, limits)
        left = Room(shown, lambda d: limits.limits_for(d).reviews_per_day)
        return len(eligible - blocked) - min(left(d) for d in limit_chain(group, self.deck))

    def _new_cards_slack(self, deck: str) -> int:
        """Eligible new cards in the deck's window beyond what its limits could still show
        (new cards come after reviews, so a review's siblings are blocked too)."""
        cards = self._in_decks((deck,))
        blocked = set(self.done.notes) | {
            c.note_id
            for c in cards
            if c.state in LEARNING_STATES
            or (c.state == REVIEW and c.due is not None and c.due < self.day_end)
        }
        eligible = {c.note_id for c in cards if c.state == NEW}
        config = self.app.config
        left = Room(self.done.new_by_deck, lambda d: config.limits_for(d).new_per_day)
        total_left = config.new_per_day - sum(self.done.new_by_deck.values())
        need = min(total_left, *(left(d) for d in limit_chain(deck, self.deck)))
        return len(eligible - blocked) - need


def _kind(c: Candidate) -> str:
    if c.state in LEARNING_STATES:
        return "learning"
    return "review" if c.state == REVIEW else "new"


def check_deck_exists(reader: Reader, deck: str) -> None:
    """A clear error when no note lives in `deck` or below it."""
    if not any(in_deck(d, deck) for d in deck_names(reader)):
        raise NotFoundError(f"no deck named '{deck}'; see `prep decks` for the names")


def today_queue(app: App, deck: str | None = None) -> list[QueueItem]:
    """Today's queue, read once, as of the moment it was read."""
    queue = TodayQueue(app, deck, session=False)
    return queue.items(queue.fetched_at)
