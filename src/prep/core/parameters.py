"""Which FSRS parameters a deck's cards are scheduled with, and fitted parameters as stored.

Precedence, highest first: `[scheduling] parameters` in config.toml; parameters fitted for the
card's deck or its nearest parent deck (`prep optimize --deck D`); parameters fitted for all
decks (`prep optimize`); FSRS's defaults. Fitted parameters live in the collection's settings
table under `fsrs.parameters` (all decks) and `fsrs.parameters:<deck>`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from prep.core.notes import deck_ancestors

SETTINGS_KEY = "fsrs.parameters"
PARAMETER_COUNT = len(DEFAULT_PARAMETERS)
DEFAULTS = tuple(float(p) for p in DEFAULT_PARAMETERS)

Parameters = tuple[float, ...]


def settings_key(deck: str | None) -> str:
    return SETTINGS_KEY if deck is None else f"{SETTINGS_KEY}:{deck}"


def deck_of_key(key: str) -> str | None:
    """The deck a settings key holds fitted parameters for (None: all decks)."""
    if key == SETTINGS_KEY:
        return None
    prefix = SETTINGS_KEY + ":"
    if not key.startswith(prefix) or key == prefix:
        raise ValueError(f"'{key}' is not a fitted-parameters key")
    return key[len(prefix) :]


def scope_name(deck: str | None) -> str:
    return "all decks" if deck is None else f"deck '{deck}'"


@dataclass(frozen=True)
class Choice:
    """The parameters in effect and where they come from, in the user's words."""

    parameters: Parameters
    source: str
    fitted_for: str | None = None  # the settings key, when they are fitted ones


def parameters_for(
    configured: Parameters | None, fitted: Mapping[str | None, Parameters], deck: str | None
) -> Choice:
    """The parameters for cards of `deck` (None: the collection-wide choice)."""
    if configured is not None:
        return Choice(tuple(configured), "config.toml [scheduling] parameters")
    nearest_first = reversed(deck_ancestors(deck)) if deck is not None else iter(())
    for name in nearest_first:
        if name in fitted:
            return Choice(fitted[name], f"fitted for deck '{name}'", settings_key(name))
    if None in fitted:
        return Choice(fitted[None], "fitted for all decks", SETTINGS_KEY)
    return Choice(DEFAULTS, "FSRS defaults")


def usable(parameters: Sequence[float]) -> Parameters:
    """Parameters rounded to 4 decimals and held inside the scheduler's bounds.

    The optimizer computes in 32-bit floats, so a value at a bound (0.8) can come back a hair
    outside it (0.800000012), which the scheduler would refuse.
    """
    if len(parameters) != PARAMETER_COUNT:
        raise ValueError(f"expected {PARAMETER_COUNT} parameters, got {len(parameters)}")
    out = []
    for value, lo, hi in zip(
        parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
    ):
        if not math.isfinite(value):
            raise ValueError(f"parameter {value} is not a finite number")
        out.append(min(max(round(float(value), 4), lo), hi))
    return tuple(out)


@dataclass(frozen=True)
class Fitted:
    """Parameters `prep optimize` saved, with when and how well they fit."""

    deck: str | None
    parameters: Parameters
    fitted_at: datetime
    reviews: int
    log_loss: float
    rmse_bins: float
    previous: dict[str, Any] | None = None


def encode(fitted: Fitted) -> str:
    return json.dumps(
        {
            "parameters": list(fitted.parameters),
            "fitted_at": fitted.fitted_at.isoformat(),
            "deck": fitted.deck,
            "reviews": fitted.reviews,
            "log_loss": fitted.log_loss,
            "rmse_bins": fitted.rmse_bins,
            "previous": fitted.previous,
        }
    )


def decode(key: str, text: str) -> Fitted:
    """A stored settings value back to Fitted; ValueError says what is wrong with it."""
    deck = deck_of_key(key)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    raw = data.get("parameters")
    if not isinstance(raw, list) or not all(
        isinstance(p, int | float) and not isinstance(p, bool) for p in raw
    ):
        raise ValueError("'parameters' is not a list of numbers")
    if len(raw) != PARAMETER_COUNT:
        raise ValueError(
            f"it holds {len(raw)} parameters; this version of FSRS takes {PARAMETER_COUNT}"
        )
    parameters = tuple(float(p) for p in raw)
    if usable(parameters) != tuple(round(p, 4) for p in parameters):
        raise ValueError("a parameter is outside the range FSRS accepts")
    try:
        fitted_at = datetime.fromisoformat(str(data.get("fitted_at")))
        reviews = int(data.get("reviews", 0))
        loss = float(data.get("log_loss", math.nan))
        rmse = float(data.get("rmse_bins", math.nan))
    except (TypeError, ValueError):
        raise ValueError("'fitted_at', 'reviews' or a metric is malformed") from None
    previous = data.get("previous")
    return Fitted(
        deck,
        parameters,
        fitted_at,
        reviews,
        loss,
        rmse,
        previous if isinstance(previous, dict) else None,
    )


def decode_all(
    rows: dict[str, str],
) -> tuple[dict[str | None, tuple[float, ...]], dict[str, str]]:
    """Stored values by settings key -> the parameters by deck (None: all decks), and what is
    wrong with each value that could not be read, by key."""
    fitted: dict[str | None, tuple[float, ...]] = {}
    problems: dict[str, str] = {}
    for key, value in rows.items():
        try:
            record = decode(key, value)
        except ValueError as exc:
            problems[key] = str(exc)
            continue
        fitted[record.deck] = record.parameters
    return fitted, problems
