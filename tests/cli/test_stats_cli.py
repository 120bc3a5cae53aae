"""`prep stats`: charts and tables as text, the JSON rows, the deck filter and its error."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import write_deck

ML_DECK = """
---
deck: ML
---

## ml-overfit
Q: What is overfitting?
A: Fitting noise: low training error, high test error.
"""


@pytest.fixture
def graded(run: Callable[..., Result], user_decks: Path) -> Callable[..., Result]:
    """Two decks; three answers in force and one undone (the CLI runs on the real clock)."""
    write_deck(user_decks, "ml.md", ML_DECK)
    now = datetime.now(UTC)

    def ago(**kw: float) -> str:
        return (now - timedelta(**kw)).isoformat()

    run("grade", "stats-p-value", "easy", "--at", ago(days=10))  # new → review (young)
    run("grade", "stats-p-value", "again", "--at", ago(hours=2))  # a review-state fail
    run("grade", "ml-overfit", "good", "--at", ago(hours=1))  # new → learning
    run("grade", "behav-conflict", "easy", "--at", ago(minutes=30))
    run("undo")  # the behav-conflict answer no longer counts anywhere
    return run


def kinds(rows: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["kind"] == kind]


def test_stats_json_rows_for_a_small_collection(graded: Callable[..., Result]) -> None:
    rows = json.loads(graded("stats", "--json").output)
    assert all(not isinstance(v, (dict, list)) for r in rows for v in r.values())
    assert {r["kind"] for r in rows} == {
        "retention",
        "state",
        "retrievability",
        "deck",
        "funnel",
        "forecast",
        "study",
        "heatmap",
    }  # fmt: skip; no shipped problems in CLI tests, so no problem_category rows
    # Only the Again on stats-p-value was given to a review-state card: young 0/1, in the
    # last week (the hours-ago answer may fall on yesterday's study day near the rollover).
    week = next(r for r in kinds(rows, "retention") if r["period"] == "week")
    assert week == {
        "kind": "retention", "period": "week", "young_passed": 0, "young_reviews": 1,
        "young_rate": 0.0, "mature_passed": 0, "mature_reviews": 0, "mature_rate": None,
        "rate": 0.0,
    }  # fmt: skip
    # 7 cards: stats-p-value relearning, ml-overfit learning, the other 5 new (undo → new).
    states = {r["state"]: r["cards"] for r in kinds(rows, "state")}
    assert states == {"new": 5, "learning": 1, "relearning": 1, "young": 0, "mature": 0,
                      "suspended": 0}  # fmt: skip
    assert kinds(rows, "retrievability")[0]["cards"] == 2
    assert kinds(rows, "deck") == [
        {"kind": "deck", "deck": "Stats::Testing", "passed": 0, "reviews": 1, "rate": 0.0}
    ]
    # Three answers in force; the undone one is not in the heatmap.
    heat = kinds(rows, "heatmap")
    assert len(heat) == 365 and sum(r["reviews"] for r in heat) == 3
    # Both learning cards are due within minutes: overdue or today, so day 0 of the forecast.
    forecast = kinds(rows, "forecast")
    assert len(forecast) == 30 and forecast[0]["cards"] == 2
    assert sum(r["cards"] for r in forecast) == 2
    assert len(kinds(rows, "study")) == 30 and kinds(rows, "study")[0]["goal_minutes"] == 120


def test_stats_text_has_charts_and_tables_without_colour(graded: Callable[..., Result]) -> None:
    out = graded("stats").output
    assert "\x1b" not in out  # NO_COLOR (set for every test): plotext's clear theme, no escapes
    assert "Reviews, last 365 days (3 in all)" in out
    assert "Due in the next 30 days: cards and problems" in out
    assert "Minutes studied per day (goal 120)" in out
    assert "True retention (pass = not Again)" in out
    assert "Retention by deck, last 30 days" in out and "Stats::Testing" in out
    assert max(len(line) for line in out.splitlines()) <= 80  # CliRunner's terminal width


def test_deck_filter_keeps_that_decks_cards_only(graded: Callable[..., Result]) -> None:
    rows = json.loads(graded("stats", "--deck", "ML", "--json").output)
    # One answer on ML (a new card's Good): in the heatmap, but not a review-state answer.
    assert sum(r["reviews"] for r in kinds(rows, "heatmap")) == 1
    assert kinds(rows, "deck") == []
    states = {r["state"]: r["cards"] for r in kinds(rows, "state")}
    assert states["learning"] == 1 and sum(states.values()) == 1
    # Problems, study time, mocks and the pipeline do not belong to a deck.
    assert not {"problem_category", "funnel", "study", "mock"} & {r["kind"] for r in rows}


def test_an_unknown_deck_is_a_one_line_error(run: Callable[..., Result]) -> None:
    result = run("stats", "--deck", "Nope", code=1)
    assert result.output == "Error: no deck named 'Nope'; see `prep decks` for the names\n"


def test_a_deck_name_with_sql_wildcards_matches_itself_and_its_children_only(
    run: Callable[..., Result], user_decks: Path
) -> None:
    """`_` and `%` are LIKE wildcards: `X_Y` must not take in `XzY::Child`."""
    write_deck(user_decks, "x.md", "---\ndeck: X_Y\n---\n\n## x-one\nQ: one?\nA: 1.\n")
    write_deck(user_decks, "xz.md", "---\ndeck: XzY::Child\n---\n\n## xz-two\nQ: two?\nA: 2.\n")
    rows = json.loads(run("stats", "--deck", "X_Y", "--json").output)
    assert {r["state"]: r["cards"] for r in kinds(rows, "state")}["new"] == 1
    hits = json.loads(run("search", "--deck", "X_Y", "--json").output)
    assert [h["card_id"] for h in hits] == ["x-one"]
