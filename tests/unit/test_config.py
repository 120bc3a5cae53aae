from __future__ import annotations

from datetime import timedelta

import pytest

from prep.core.config import Config, parse_config
from prep.core.errors import ConfigError


def test_defaults() -> None:
    c = parse_config("")
    assert c == Config()
    assert c.limits_for("Any").new_per_day == 20
    assert c.limits_for("Any").reviews_per_day == 200


def test_full_config() -> None:
    c = parse_config(
        """
[scheduling]
desired_retention = 0.85
learning_steps = ["30s", "5m", "1h"]
day_starts_at = 3
order = "retrievability"
[limits]
new_per_day = 50
new_per_deck = 10
[deck."ML::Trees"]
new_per_day = 3
[decks]
dirs = ["~/cards"]
"""
    )
    assert c.desired_retention == 0.85
    assert c.learning_steps == (timedelta(seconds=30), timedelta(minutes=5), timedelta(hours=1))
    assert c.day_starts_at == 3 and c.order == "retrievability" and c.new_per_day == 50
    assert c.limits_for("ML::Trees").new_per_day == 3
    assert c.limits_for("ML").new_per_day == 10
    assert c.deck_dirs == ("~/cards",)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[scheduling]\ndesired_retention = 1.5", "desired_retention = 1.5 must be between"),
        ("[scheduling]\ndesired_retention = 'high'", "must be a number"),
        ('[scheduling]\nlearning_steps = ["ten minutes"]', "write durations such as"),
        (
            "[scheduling]\nday_starts_at = 25",
            "day_starts_at = 25 must be a whole number from 0 to 23",
        ),
        ("[scheduling]\norder = 'random'", "must be one of due, retrievability"),
        ("[limits]\nnew_per_day = -1", "limits.new_per_day = -1"),
        ("[limits]\nnew_per_dya = 5", "unknown key limits.new_per_dya"),
        ("[colour]\nx = 1", "unknown section [colour]"),
        ("[scheduling\n", "not valid TOML"),
        ("[decks]\ndirs = 'x'", "decks.dirs must be a list"),
    ],
)
def test_invalid_values_are_clear(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(text, "/home/u/config.toml")
    assert fragment in str(err.value)
    assert str(err.value).startswith("/home/u/config.toml: ")


def test_daily_goal_and_streak_minimum() -> None:
    assert (Config().daily_goal_minutes, Config().streak_minutes) == (120, 30)
    c = parse_config("[daily]\ngoal_minutes = 90\nstreak_minutes = 20")
    assert (c.daily_goal_minutes, c.streak_minutes) == (90, 20)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[daily]\nstreak_minutes = 0", "daily.streak_minutes = 0 must be a whole number from 1"),
        ("[daily]\nstreak_minutes = '30'", "daily.streak_minutes = '30' must be a whole number"),
        (
            "[daily]\ngoal_minutes = 20",
            "daily.streak_minutes = 30 is more than daily.goal_minutes = 20",
        ),
        ("[daily]\nstreak = 5", "unknown key daily.streak"),
    ],
)
def test_invalid_daily_values_are_clear(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(text, "/home/u/config.toml")
    assert fragment in str(err.value)


def test_new_cards_count_against_the_review_limit_unless_told_not_to() -> None:
    assert Config().new_cards_ignore_review_limit is False  # Anki's default
    text = "[limits]\nnew_cards_ignore_review_limit = true\n"
    assert parse_config(text).new_cards_ignore_review_limit is True
    with pytest.raises(ConfigError, match="new_cards_ignore_review_limit must be true or false"):
        parse_config('[limits]\nnew_cards_ignore_review_limit = "yes"\n')
