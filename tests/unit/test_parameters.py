"""Which parameters schedule a deck's cards, and fitted parameters as stored."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from prep.core.parameters import (
    DEFAULTS,
    PARAMETER_COUNT,
    Fitted,
    deck_of_key,
    decode,
    decode_all,
    encode,
    parameters_for,
    settings_key,
    usable,
)

CONFIGURED = tuple(0.5 for _ in range(PARAMETER_COUNT))
GLOBAL = tuple(round(p + 0.01, 4) for p in DEFAULTS)
ML = tuple(round(p + 0.02, 4) for p in DEFAULTS)
ML_DL = tuple(round(p + 0.03, 4) for p in DEFAULTS)


def test_precedence_config_then_nearest_deck_then_global_then_defaults() -> None:
    fitted = {None: GLOBAL, "ML": ML, "ML::Deep learning": ML_DL}
    assert parameters_for(CONFIGURED, fitted, "ML").parameters == CONFIGURED
    assert parameters_for(CONFIGURED, fitted, "ML").source == "config.toml [scheduling] parameters"
    deep = parameters_for(None, fitted, "ML::Deep learning::CNN")
    assert deep.parameters == ML_DL and deep.fitted_for == "fsrs.parameters:ML::Deep learning"
    trees = parameters_for(None, fitted, "ML::Trees")
    assert trees.parameters == ML and trees.source == "fitted for deck 'ML'"
    # "MLOps" is not a child of "ML": deck names match by whole levels.
    ops = parameters_for(None, fitted, "MLOps")
    assert ops.parameters == GLOBAL and ops.fitted_for == "fsrs.parameters"
    assert parameters_for(None, fitted, None).source == "fitted for all decks"
    plain = parameters_for(None, {"ML": ML}, "Stats")
    assert plain.parameters == DEFAULTS and plain.fitted_for is None
    assert plain.source == "FSRS defaults"


def test_settings_keys() -> None:
    assert settings_key(None) == "fsrs.parameters"
    assert settings_key("ML::Trees") == "fsrs.parameters:ML::Trees"
    assert deck_of_key("fsrs.parameters") is None
    assert deck_of_key("fsrs.parameters:ML::Trees") == "ML::Trees"
    with pytest.raises(ValueError):
        deck_of_key("fsrs.parameters:")
    with pytest.raises(ValueError):
        deck_of_key("theme")


def test_usable_rounds_and_holds_parameters_in_bounds() -> None:
    raw = list(DEFAULTS)
    raw[0] = 0.123456  # -> 0.1235
    raw[9] = 0.800000011920929  # w9's upper bound 0.8, overshot in 32-bit floats -> 0.8
    raw[20] = 0.0999  # decay's lower bound is 0.1 -> 0.1
    got = usable(raw)
    assert (got[0], got[9], got[20]) == (0.1235, 0.8, 0.1)
    with pytest.raises(ValueError, match="expected 21 parameters, got 19"):
        usable(raw[:19])
    with pytest.raises(ValueError, match="not a finite number"):
        usable([float("nan"), *raw[1:]])


def fitted(deck: str | None = "ML") -> Fitted:
    return Fitted(deck, ML, datetime(2026, 3, 2, 12, tzinfo=UTC), 1234, 0.31, 0.02, {"x": 1})


def test_decode_all_keeps_the_readable_values_and_says_what_is_wrong_with_the_rest() -> None:
    rows = {settings_key("ML"): encode(fitted()), settings_key("Stats"): "{not json"}
    by_deck, problems = decode_all(rows)
    assert by_deck == {"ML": ML}
    assert list(problems) == [settings_key("Stats")] and "JSON" in problems[settings_key("Stats")]


def test_encode_decode_round_trip() -> None:
    record = fitted()
    assert decode(settings_key("ML"), encode(record)) == record
    assert decode("fsrs.parameters", encode(fitted(None))).deck is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"parameters": "0.2, 1.3"}', "'parameters' is not a list of numbers"),
        ('{"parameters": [0.2, 1.3]}', "it holds 2 parameters; this version of FSRS takes 21"),
    ],
)
def test_decode_says_what_is_wrong(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decode("fsrs.parameters", value)


def test_decode_refuses_out_of_range_parameters() -> None:
    data = json.loads(encode(fitted()))
    data["parameters"][20] = 3.0  # decay above 0.8
    with pytest.raises(ValueError, match="outside the range FSRS accepts"):
        decode("fsrs.parameters:ML", json.dumps(data))
