"""`prep today` and bare `prep` outside a terminal: the agenda, as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result


def test_today_json_is_a_flat_array_told_apart_by_kind(run: Callable[..., Result]) -> None:
    rows = json.loads(run("today", "--json").output)
    assert rows[0] == {
        "kind": "study",
        "minutes_today": 0.0,
        "goal_minutes": 120,
        "streak_days": 0,
        "streak_minutes": 30,
    }
    decks = [r for r in rows if r["kind"] == "deck"]
    assert decks == [{"kind": "deck", "deck": "Stats", "learning": 0, "review": 0, "new": 4}]
    assert all(not isinstance(v, dict) for r in rows for v in r.values())


def test_today_reads_the_daily_goal_from_config(run: Callable[..., Result], isolated_env) -> None:  # type: ignore[no-untyped-def]
    (isolated_env / "config.toml").write_text("[daily]\ngoal_minutes = 60\nstreak_minutes = 15\n")
    out = run("today").output
    assert "Streak: 0 days (≥ 15 min a day) · studied today: 0 / 60 min" in out
    assert "Today: 0 reviews, 0 learning, 4 new" in out and "Start with `review`." in out


def test_an_invalid_daily_setting_is_a_clear_error(
    run: Callable[..., Result], isolated_env
) -> None:  # type: ignore[no-untyped-def]
    (isolated_env / "config.toml").write_text("[daily]\nstreak_minutes = 0\n")
    result = run("today", code=1)
    assert "daily.streak_minutes = 0 must be a whole number from 1 to 1440" in result.output
