"""Ranking matching items by predicted recall on an interview's date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from prep.core.config import Config
from prep.core.cram import StudyItem, deck_words, rank_for_event
from prep.core.pipeline import FOCUS_ALIASES
from prep.core.schedule import Memory, make_scheduler

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
EVENT = T0 + timedelta(days=10)


def reviewed(
    kind: str, key: str, words: set[str], stability: float, at: datetime = T0
) -> StudyItem:
    memory = Memory(state="review", stability=stability, difficulty=5.0, last_review=at, reps=1)
    return StudyItem(kind, key, frozenset(words), memory)


def test_lowest_recall_on_the_event_date_comes_first() -> None:
    items = [
        reviewed("card", "solid", {"statistics"}, 20.0),  # 10 of 20 days: R = 0.9403
        reviewed("card", "edge", {"statistics"}, 10.0),  # 10 of 10 days: R = 0.9 by definition
        reviewed("card", "shaky", {"statistics", "clt"}, 5.0),  # 10 of 5 days: R = 0.8459
        reviewed("problem", "kmeans", {"ml"}, 2.0),  # 10 of 2 days: lower still
        reviewed("card", "relu", {"deep-learning"}, 1.0),  # matches no focus tag
        StudyItem("card", "fresh", frozenset({"statistics"}), Memory()),
        StudyItem("problem", "pca", frozenset({"ml"}), Memory()),
    ]
    # "stats" and "ml-coding" reach their targets through the alias table.
    plan = rank_for_event(
        items, ("stats", "ml-coding"), EVENT, make_scheduler(Config()), FOCUS_ALIASES
    )
    assert [r.item.key for r in plan.ranked] == ["kmeans", "shaky", "edge", "solid"]
    recalls = {r.item.key: r.recall for r in plan.ranked}
    assert recalls["edge"] == pytest.approx(0.9)
    assert recalls["shaky"] == pytest.approx(0.84588, abs=1e-5)
    assert recalls["solid"] == pytest.approx(0.94034, abs=1e-5)
    assert (plan.never_seen_cards, plan.never_seen_problems) == (1, 1)
    assert [r.item.key for r in plan.below("card", 0.88)] == ["shaky"]
    assert [r.item.key for r in plan.below("card", 0.95)] == ["shaky", "edge", "solid"]
    assert [r.item.key for r in plan.below("problem")] == ["kmeans"]


def test_items_studied_today_leave_the_cram_queue() -> None:
    today = T0 + timedelta(days=3)
    items = [
        reviewed("card", "old", {"statistics"}, 2.0),
        reviewed("card", "done", {"statistics"}, 2.0, at=today + timedelta(hours=2)),
    ]
    plan = rank_for_event(
        items, ("statistics",), EVENT, make_scheduler(Config()), {}, studied_since=today
    )
    assert [r.item.key for r in plan.ranked] == ["old"]


def test_deck_words_are_written_like_focus_tags() -> None:
    assert deck_words("ML::Linear regression") == {"ml", "linear-regression"}
