"""`prep optimize` from the command line: the table, the verdict, --json and --retention."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result

from prep.app import App
from tests.learners import simulate_learner, store_histories, write_sim_deck

Run = Callable[..., Result]


@pytest.fixture
def learned(run: Run, user_decks: Path) -> tuple[Run, int]:
    """150 cards with five months of a learner's answers; returns `run` and the answer count."""
    write_sim_deck(user_decks, 150)
    run("sync")
    start, until = datetime(2025, 10, 1, 9, tzinfo=UTC), datetime(2026, 3, 1, 9, tzinfo=UTC)
    histories = simulate_learner(150, start, until, random.Random(5))
    app = App.from_env()
    rows = store_histories(app, {f"sim-{i:05d}": h for i, h in enumerate(histories, 1)})
    app.engine.dispose()
    return run, rows


def test_too_little_history_is_one_line_error(run: Run) -> None:
    result = run("optimize", code=1)
    assert result.output.startswith(
        "Error: not enough review history to optimize all decks: 0 of its 0 reviews (on 0 cards) "
        "can train FSRS and at least 400 are needed"
    )
    assert "Traceback" not in result.output and len(result.output.splitlines()) == 1


def test_unknown_deck(run: Run) -> None:
    result = run("optimize", "--deck", "Nope", code=1)
    assert result.output == "Error: no deck named 'Nope'; see `prep decks` for the names\n"


def test_dry_run_json_then_save_then_nothing_better(learned: tuple[Run, int]) -> None:
    run, rows = learned
    dry = json.loads(run("optimize", "--dry-run", "--json").stdout)
    assert dry["deck"] is None and dry["reviews"] == rows and dry["cards"] == 150
    assert dry["current_source"] == "FSRS defaults" and len(dry["fitted_parameters"]) == 21
    assert dry["fitted_log_loss"] < dry["current_log_loss"]
    assert (dry["better"], dry["dry_run"], dry["saved"], dry["rescheduled"]) == (
        True,
        True,
        False,
        0,
    )
    assert dry["settings_key"] is None and dry["skipped_cards"] == 0

    text = run("optimize").output
    assert "log loss" in text and "RMSE (bins)" in text
    assert "current (FSRS defaults)" in text and "fitted" in text
    assert f"{dry['current_log_loss']:.4f}" in text and f"{dry['fitted_log_loss']:.4f}" in text
    assert "Saved the fitted parameters for all decks" in text
    assert "settings key fsrs.parameters" in text and "Rescheduled 150 cards with them." in text
    card = json.loads(run("card", "show", "sim-00003", "--json").stdout)
    assert card["history"][-1]["kind"] == "reschedule"

    again = json.loads(run("optimize", "--json").stdout)
    assert again["current_source"] == "fitted for all decks"
    assert again["current_parameters"] == dry["fitted_parameters"]
    assert (again["better"], again["saved"]) == (False, False)
    assert "Kept the current parameters" in run("optimize").output


def test_retention_suggestion(learned: tuple[Run, int], isolated_env: Path) -> None:
    run, _ = learned
    text = run("optimize", "--retention").output
    assert "desired retention" in text and "minutes/day" in text
    assert "Suggested desired retention: 0." in text
    assert "set desired_retention = 0." in text and "under [scheduling] in config.toml" in text
    rows = json.loads(run("optimize", "--retention", "--json").stdout)
    assert [r["desired_retention"] for r in rows] == sorted(r["desired_retention"] for r in rows)
    assert sum(r["suggested"] for r in rows) == 1 and sum(r["current"] for r in rows) == 1
    assert set(rows[0]) == {
        "deck",
        "desired_retention",
        "reviews_per_day",
        "new_per_day",
        "minutes_per_day",
        "remembered",
        "suggested",
        "current",
    }
    assert not (isolated_env / "config.toml").exists()
