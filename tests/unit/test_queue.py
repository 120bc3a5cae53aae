from __future__ import annotations

import random
from bisect import insort
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from prep.core.config import Config, DeckLimits
from prep.core.notes import in_deck
from prep.core.queue import (
    Candidate,
    DoneToday,
    TakenCards,
    build_queue,
    due_by,
    plan_queue,
    queue_items,
    sort_key,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
END = datetime(2026, 3, 3, 4, 0, tzinfo=UTC)


def new(i: int, deck: str = "A", note: str | None = None) -> Candidate:
    return Candidate(i, f"n{i}", note or f"n{i}", deck, "new", None, position=i)


def rev(
    i: int, due: datetime, deck: str = "A", r: float = 0.9, note: str | None = None
) -> Candidate:
    return Candidate(i, f"r{i}", note or f"r{i}", deck, "review", due, retrievability=r)


def keys(items):  # type: ignore[no-untyped-def]
    return [i.candidate.key for i in items]


def test_new_cards_count_against_the_review_limit_as_in_anki() -> None:
    """Deck A allows 5 reviews and 4 new cards a day; 2 reviews and 1 new card were answered
    today. Anki's v3 rule: the new card used a review place too (5 - 3 = 2 reviews left), and
    new cards come only while the review limit has room after the reviews."""
    cfg = Config(deck_defaults=DeckLimits(new_per_day=4, reviews_per_day=5))
    done = DoneToday(Counter({"A": 1}), Counter({"A": 2}), frozenset())
    reviews = [rev(i, NOW - timedelta(days=i)) for i in range(1, 7)]
    fresh = [new(i) for i in range(11, 16)]
    assert keys(build_queue([*reviews, *fresh], NOW, END, cfg, done)) == ["r6", "r5"]
    # One review due: it takes 1 of the 2 places, and 1 new card (of the 3 new left) fits.
    assert keys(build_queue([reviews[0], *fresh], NOW, END, cfg, done)) == ["r1", "n11"]
    # With the rule off, as Anki's option: 5 - 2 = 3 reviews, then 4 - 1 = 3 new cards.
    off = replace(cfg, new_cards_ignore_review_limit=True)
    assert keys(build_queue([*reviews, *fresh], NOW, END, off, done)) == [
        "r6", "r5", "r4", "n11", "n12", "n13",
    ]  # fmt: skip


def test_order_learning_then_reviews_then_new() -> None:
    cards = [
        new(1),
        rev(2, NOW - timedelta(days=1)),
        Candidate(3, "l3", "l3", "A", "learning", NOW + timedelta(minutes=5)),
    ]
    items = build_queue(cards, NOW, END, Config(), DoneToday())
    assert keys(items) == ["r2", "n1", "l3"]
    assert [i.kind for i in items] == ["review", "new", "learning"]
    due_now = Candidate(4, "l4", "l4", "A", "learning", NOW - timedelta(minutes=1))
    assert keys(build_queue([*cards, due_now], NOW, END, Config(), DoneToday()))[0] == "l4"


def test_learn_ahead_is_twenty_minutes() -> None:
    soon = Candidate(1, "soon", "soon", "A", "learning", NOW + timedelta(minutes=20))
    later = Candidate(2, "later", "later", "A", "relearning", NOW + timedelta(minutes=21))
    assert keys(build_queue([soon, later], NOW, END, Config(), DoneToday())) == ["soon"]


def test_reviews_due_before_rollover_only() -> None:
    cards = [rev(1, END - timedelta(minutes=1)), rev(2, END)]
    assert keys(build_queue(cards, NOW, END, Config(), DoneToday())) == ["r1"]


def test_order_by_retrievability() -> None:
    cards = [rev(1, NOW - timedelta(days=3), r=0.8), rev(2, NOW - timedelta(days=1), r=0.5)]
    assert keys(build_queue(cards, NOW, END, Config(order="retrievability"), DoneToday())) == [
        "r2",
        "r1",
    ]
    assert keys(build_queue(cards, NOW, END, Config(order="due"), DoneToday())) == ["r1", "r2"]


def test_per_deck_new_limit_counts_todays_new() -> None:
    cfg = Config(deck_defaults=DeckLimits(new_per_day=3))
    cards = [new(i) for i in range(10)]
    assert len(build_queue(cards, NOW, END, cfg, DoneToday())) == 3
    done = DoneToday(new_by_deck=Counter({"A": 2}))
    assert len(build_queue(cards, NOW, END, cfg, done)) == 1


def test_parent_limit_caps_children() -> None:
    cfg = Config(
        deck_defaults=DeckLimits(new_per_day=5), deck_limits={"P": DeckLimits(new_per_day=4)}
    )
    cards = [new(i, "P::X") for i in range(5)] + [new(i + 10, "P::Y") for i in range(5)]
    items = build_queue(cards, NOW, END, cfg, DoneToday())
    assert len(items) == 4
    # Selecting a child: the parent's limit above it does not apply.
    assert len(build_queue(cards, NOW, END, cfg, DoneToday(), selected="P::Y")) == 5


def test_collection_wide_new_cap() -> None:
    cfg = Config(new_per_day=7)
    cards = [new(i, f"D{i % 3}") for i in range(30)]
    assert len(build_queue(cards, NOW, END, cfg, DoneToday())) == 7
    done = DoneToday(new_by_deck=Counter({"D0": 5}))
    assert len(build_queue(cards, NOW, END, cfg, done)) == 2


def test_review_limit() -> None:
    cfg = Config(deck_defaults=DeckLimits(reviews_per_day=2))
    cards = [rev(i, NOW - timedelta(hours=i + 1)) for i in range(5)]
    assert len(build_queue(cards, NOW, END, cfg, DoneToday())) == 2


def test_siblings_not_on_same_day() -> None:
    cards = [new(1, note="x"), new(2, note="x"), rev(3, NOW, note="y"), new(4, note="y")]
    assert keys(build_queue(cards, NOW, END, Config(), DoneToday())) == ["r3", "n1"]
    studied = DoneToday(notes=frozenset({"x"}))
    assert keys(build_queue(cards, NOW, END, Config(), studied)) == ["r3"]


def test_selected_deck_includes_children_only() -> None:
    cards = [new(1, "A"), new(2, "A::B"), new(3, "AB")]
    assert keys(build_queue(cards, NOW, END, Config(), DoneToday(), selected="A")) == ["n1", "n2"]


DECKS = ("A", "A::X", "A::Y", "B", "B::Z")


def random_collection(rng: random.Random) -> tuple[list[Candidate], DoneToday]:
    """Cards of every kind over a deck tree, a third of notes with a sibling, some studied."""
    cards: list[Candidate] = []
    notes = [f"note{i}" for i in range(70)]
    for number, note in enumerate(notes):
        deck = rng.choice(DECKS)
        for sibling in range(2 if number % 3 == 0 else 1):
            i = len(cards)
            kind = rng.choice(["new", "new", "review", "review", "learning", "relearning"])
            if kind == "new":
                due = None
            elif kind == "review":
                due = NOW + timedelta(hours=rng.uniform(-72, 30))
            else:  # some come within the learn-ahead window only later in the session
                due = NOW + timedelta(minutes=rng.uniform(-120, 240))
            cards.append(Candidate(i, f"{note}:{sibling}", note, deck, kind, due, i, rng.random()))
    studied = frozenset(rng.sample(notes, 8))
    done = DoneToday(
        Counter({d: rng.randint(0, 2) for d in DECKS}),
        Counter({d: rng.randint(0, 2) for d in DECKS}),
        studied,
    )
    return cards, done


@pytest.mark.parametrize("seed", range(12))
def test_taken_cards_kept_across_answers_equal_a_fresh_queue(seed: int) -> None:
    """What TodayQueue does: the reviews and new cards taken are kept across answers and
    checked as learning cards come within the window; at every step the queue equals
    build_queue's from scratch, whichever card is answered and however the clock moves."""
    rng = random.Random(seed)
    cards, done = random_collection(rng)
    config = Config(
        order=rng.choice(["due", "retrievability"]),
        new_per_day=rng.randint(3, 15),
        deck_defaults=DeckLimits(rng.randint(2, 8), rng.randint(2, 10)),
        deck_limits={"A::X": DeckLimits(1, 2)} if seed % 2 else {},
        new_cards_ignore_review_limit=seed % 4 == 1,
    )
    selected = "A" if seed % 3 == 0 else None
    key = sort_key(config.order)
    by_kind: dict[str, list[Candidate]] = {"learning": [], "review": [], "new": []}
    for c in cards:
        by_kind[_kind(c)].append(c)
    for kind in by_kind.values():
        kind.sort(key=key)
    learning = by_kind["learning"]
    now, taken, builds, answers = NOW, None, 0, 0
    for _step in range(120):
        horizon = now + timedelta(minutes=config.learn_ahead_minutes)
        if taken is None or not taken.still_hold(learning, horizon, selected):
            _, taken = plan_queue(
                [c for kind in by_kind.values() for c in kind],
                now,
                END,
                config,
                done,
                selected,
                presorted=True,
            )
            builds += 1
        within = learning[: due_by(learning, horizon)]
        within = [c for c in within if selected is None or in_deck(c.deck, selected)]
        items = queue_items(within, taken, now)
        everything = [c for kind in by_kind.values() for c in kind]
        assert keys(items) == keys(build_queue(everything, now, END, config, done, selected))
        if rng.random() < 0.05:
            now -= timedelta(minutes=5)  # a clock set back
            continue
        if items and rng.random() < 0.85:
            card = items[0].candidate
        else:  # another card of the queue, or one not in it (answered with `prep grade`)
            card = rng.choice(
                [i.candidate for i in items] if items and rng.random() < 0.5 else everything
            )
        answers += 1
        if not taken.answered(card):
            taken = None
        new, reviews = Counter(done.new_by_deck), Counter(done.reviews_by_deck)
        if card.state == "new":
            new[card.deck] += 1
        elif card.state == "review":
            reviews[card.deck] += 1
        done = DoneToday(new, reviews, done.notes | {card.note_id})
        by_kind[_kind(card)].remove(card)
        now += timedelta(minutes=rng.choice([0.5, 1, 3, 8, 20]))
        outcome = rng.random()
        if outcome < 0.05:
            continue  # a leech, suspended
        if outcome < 0.55:
            after = replace(card, state="learning", due=now + timedelta(minutes=rng.uniform(1, 60)))
        else:
            after = replace(card, state="review", due=now + timedelta(hours=rng.uniform(2, 200)))
        insort(by_kind[_kind(after)], after, key=key)
    assert answers > 80
    assert builds < answers  # kept across most answers


def _kind(c: Candidate) -> str:
    return {"learning": "learning", "relearning": "learning"}.get(c.state, c.state)


def test_taken_cards_are_taken_again_when_a_note_changes_what_it_blocks() -> None:
    learning = [Candidate(1, "n:c1", "n", "A", "learning", NOW + timedelta(minutes=15))]
    sibling = Candidate(2, "n:c2", "n", "A", "review", NOW - timedelta(days=1))
    other, fourth = new(3), new(4)
    config = Config()

    def taken_at(now: datetime) -> TakenCards:
        return plan_queue([*learning, sibling, other, fourth], now, END, config, DoneToday())[1]

    # The learning card is within the window and blocks its sibling; with the clock set back
    # it is not, and the sibling is due after all.
    taken = taken_at(NOW)
    assert keys(taken.reviews) == [] and keys(taken.new) == ["n3", "n4"]
    assert not taken.still_hold(learning, NOW + timedelta(minutes=10), None)
    assert keys(taken_at(NOW - timedelta(minutes=10)).reviews) == ["n:c2"]
    # Answering a learning card from beyond the window: its note, studied now, blocks its
    # sibling from then on, so the cards are taken again.
    later = [replace(learning[0], due=NOW + timedelta(hours=2))]
    taken = plan_queue([*later, sibling, other, fourth], NOW, END, config, DoneToday())[1]
    assert keys(taken.reviews) == ["n:c2"]
    assert not taken.answered(later[0])
    # The first review or new card taken, answered, is simply removed; another needs a new take.
    # So does a new card's answer while new cards count against the review limit (Anki's
    # default): it now comes before the reviews in today's counts.
    taken = taken_at(NOW - timedelta(minutes=10))
    assert keys(taken.reviews) == ["n:c2"] and keys(taken.new) == ["n3", "n4"]
    assert not taken.answered(fourth)
    taken = taken_at(NOW - timedelta(minutes=10))
    assert taken.answered(sibling) and not taken.answered(other)
    config = Config(new_cards_ignore_review_limit=True)
    taken = taken_at(NOW - timedelta(minutes=10))
    assert taken.answered(sibling) and taken.answered(other)
    assert keys(taken.reviews) == [] and keys(taken.new) == ["n4"]
