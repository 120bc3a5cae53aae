"""Settings from PREP_HOME/config.toml, validated. Parsing is pure: TOML text in, Config out."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from prep.core.errors import ConfigError

DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|m|h|d)$")
ORDERS = ("due", "retrievability")
# The desired retention config.toml accepts (fsrs-rs's simulator searches the same range).
MIN_RETENTION, MAX_RETENTION = 0.70, 0.99


@dataclass(frozen=True)
class DeckLimits:
    new_per_day: int = 20
    reviews_per_day: int = 200


@dataclass(frozen=True)
class Config:
    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    fuzz: bool = True
    parameters: tuple[float, ...] | None = None
    day_starts_at: int = 4
    learn_ahead_minutes: int = 20
    order: str = "due"
    new_per_day: int = 30
    # Anki's v3 rule (its default too): new cards also count against the review limit.
    new_cards_ignore_review_limit: bool = False
    leech_threshold: int = 8
    deck_defaults: DeckLimits = DeckLimits()
    deck_limits: dict[str, DeckLimits] = field(default_factory=dict)
    deck_dirs: tuple[str, ...] = ()
    timezone: str | None = None
    daily_goal_minutes: int = 120
    streak_minutes: int = 30

    def limits_for(self, deck: str) -> DeckLimits:
        return self.deck_limits.get(deck, self.deck_defaults)


def parse_config(text: str, source: str = "config.toml") -> Config:
    """Parse config TOML; any invalid value raises ConfigError naming the key and a fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc}); fix the line it names") from None
    known = {"scheduling", "limits", "decks", "deck", "daily"}
    for key in data:
        if key not in known:
            raise ConfigError(
                f"{source}: unknown section [{key}] (known: {', '.join(sorted(known))})"
            )
    sched = _table(data, "scheduling", source)
    limits = _table(data, "limits", source)
    decks = _table(data, "decks", source)
    daily = _table(data, "daily", source)
    _only(
        sched,
        "scheduling",
        source,
        {
            "desired_retention",
            "learning_steps",
            "relearning_steps",
            "maximum_interval",
            "fuzz",
            "parameters",
            "day_starts_at",
            "learn_ahead_minutes",
            "order",
            "leech_threshold",
            "timezone",
        },
    )
    _only(
        limits,
        "limits",
        source,
        {"new_per_day", "new_per_deck", "reviews_per_deck", "new_cards_ignore_review_limit"},
    )
    _only(decks, "decks", source, {"dirs"})
    _only(daily, "daily", source, {"goal_minutes", "streak_minutes"})
    d = Config()
    retention = _number(sched, "scheduling.desired_retention", source, d.desired_retention)
    if not MIN_RETENTION <= retention <= MAX_RETENTION:
        raise ConfigError(
            f"{source}: scheduling.desired_retention = {retention} must be between "
            f"{MIN_RETENTION:.2f} and {MAX_RETENTION:.2f}"
        )
    order = sched.get("order", d.order)
    if order not in ORDERS:
        raise ConfigError(
            f"{source}: scheduling.order = {order!r} must be one of {', '.join(ORDERS)}"
        )
    deck_defaults = DeckLimits(
        _int(limits, "limits.new_per_deck", source, 20, 0, 9999),
        _int(limits, "limits.reviews_per_deck", source, 200, 0, 99999),
    )
    deck_limits = {}
    for name, table in _table(data, "deck", source).items():
        if not isinstance(table, dict):
            raise ConfigError(
                f'{source}: [deck."{name}"] must be a table with new_per_day / reviews_per_day'
            )
        _only(table, f'deck."{name}"', source, {"new_per_day", "reviews_per_day"})
        deck_limits[name] = DeckLimits(
            _int(table, f'deck."{name}".new_per_day', source, deck_defaults.new_per_day, 0, 9999),
            _int(
                table,
                f'deck."{name}".reviews_per_day',
                source,
                deck_defaults.reviews_per_day,
                0,
                99999,
            ),
        )
    dirs = decks.get("dirs", [])
    if not isinstance(dirs, list) or not all(isinstance(x, str) for x in dirs):
        raise ConfigError(f'{source}: decks.dirs must be a list of paths, e.g. dirs = ["~/cards"]')
    params = sched.get("parameters")
    if params is not None and (
        not isinstance(params, list) or not all(isinstance(p, int | float) for p in params)
    ):
        raise ConfigError(f"{source}: scheduling.parameters must be a list of numbers")
    timezone_name = sched.get("timezone")
    if timezone_name is not None and not isinstance(timezone_name, str):
        raise ConfigError(f'{source}: scheduling.timezone must be a name such as "Europe/Paris"')
    fuzz = sched.get("fuzz", True)
    if not isinstance(fuzz, bool):
        raise ConfigError(f"{source}: scheduling.fuzz must be true or false")
    ignore = limits.get("new_cards_ignore_review_limit", d.new_cards_ignore_review_limit)
    if not isinstance(ignore, bool):
        raise ConfigError(f"{source}: limits.new_cards_ignore_review_limit must be true or false")
    goal = _int(daily, "daily.goal_minutes", source, d.daily_goal_minutes, 1, 1440)
    streak = _int(daily, "daily.streak_minutes", source, d.streak_minutes, 1, 1440)
    if streak > goal:
        raise ConfigError(
            f"{source}: daily.streak_minutes = {streak} is more than daily.goal_minutes = {goal}; "
            "a day that meets the goal must count for the streak"
        )
    return Config(
        desired_retention=retention,
        learning_steps=_steps(sched, "learning_steps", source, d.learning_steps),
        relearning_steps=_steps(sched, "relearning_steps", source, d.relearning_steps),
        maximum_interval=_int(
            sched, "scheduling.maximum_interval", source, d.maximum_interval, 1, 36500
        ),
        fuzz=fuzz,
        parameters=tuple(float(p) for p in params) if params is not None else None,
        day_starts_at=_int(sched, "scheduling.day_starts_at", source, d.day_starts_at, 0, 23),
        learn_ahead_minutes=_int(sched, "scheduling.learn_ahead_minutes", source, 20, 0, 1440),
        order=order,
        new_per_day=_int(limits, "limits.new_per_day", source, d.new_per_day, 0, 9999),
        new_cards_ignore_review_limit=ignore,
        leech_threshold=_int(
            sched, "scheduling.leech_threshold", source, d.leech_threshold, 1, 999
        ),
        deck_defaults=deck_defaults,
        deck_limits=deck_limits,
        deck_dirs=tuple(dirs),
        timezone=timezone_name,
        daily_goal_minutes=goal,
        streak_minutes=streak,
    )


def parse_duration(text: str) -> timedelta:
    """'90s', '10m', '1.5h', '2d' -> timedelta; ValueError otherwise."""
    m = DURATION.match(text.strip())
    if not m:
        raise ValueError(text)
    amount, unit = float(m.group(1)), m.group(2)
    return timedelta(seconds=amount * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit])


def _table(data: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: [{key}] must be a table")
    return value


def _only(table: dict[str, Any], name: str, source: str, allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            raise ConfigError(
                f"{source}: unknown key {name}.{key} (known: {', '.join(sorted(allowed))})"
            )


def _number(table: dict[str, Any], name: str, source: str, default: float) -> float:
    value = table.get(name.split(".")[-1], default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{source}: {name} = {value!r} must be a number")
    return float(value)


def _int(table: dict[str, Any], name: str, source: str, default: int, lo: int, hi: int) -> int:
    value = table.get(name.split(".")[-1], default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ConfigError(f"{source}: {name} = {value!r} must be a whole number from {lo} to {hi}")
    return value


def _steps(
    table: dict[str, Any], key: str, source: str, default: tuple[timedelta, ...]
) -> tuple[timedelta, ...]:
    if key not in table:
        return default
    value = table[key]
    if not isinstance(value, list):
        raise ConfigError(f'{source}: scheduling.{key} must be a list such as ["1m", "10m"]')
    steps = []
    for item in value:
        try:
            step = parse_duration(str(item))
        except ValueError:
            raise ConfigError(
                f"{source}: scheduling.{key} has {item!r}; "
                'write durations such as "1m", "10m", "1h"'
            ) from None
        if step <= timedelta(0) or step >= timedelta(days=1):
            raise ConfigError(
                f"{source}: scheduling.{key} step {item!r} must be between 1s and 1 day"
            )
        steps.append(step)
    return tuple(steps)
