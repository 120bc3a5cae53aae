from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from prep.core.config import Config, DeckLimits
from prep.core.queue import Candidate, DoneToday, build_queue

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
