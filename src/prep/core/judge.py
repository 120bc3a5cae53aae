"""Verdicts and answer comparison. Runs in the trusted parent on plain decoded data."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    ACCEPTED = "Accepted"
    WRONG_ANSWER = "Wrong Answer"
    TIME_LIMIT_EXCEEDED = "Time Limit Exceeded"
    MEMORY_LIMIT_EXCEEDED = "Memory Limit Exceeded"
    OUTPUT_LIMIT_EXCEEDED = "Output Limit Exceeded"
    RUNTIME_ERROR = "Runtime Error"
    COMPILE_ERROR = "Compile Error"
    INTERNAL_ERROR = "Internal Error"


class DecodeError(ValueError):
    """The child sent something that is not a tagged plain value."""


def decode(value: Any, depth: int = 0) -> Any:
    """Turn the child's tagged JSON into plain Python values (never user objects)."""
    if depth > 200:
        raise DecodeError("value nested too deeply")
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, list):
        return [decode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if set(value) == {"$f"} and value["$f"] in ("nan", "inf", "-inf"):
            return float(value["$f"])
        if set(value) == {"$d"} and isinstance(value["$d"], list):
            out: dict[Any, Any] = {}
            for pair in value["$d"]:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise DecodeError("bad dict entry")
                key = decode(pair[0], depth + 1)
                if isinstance(key, list | dict):
                    key = repr(key)
                out[key] = decode(pair[1], depth + 1)
            return out
    raise DecodeError(f"unexpected value {str(value)[:80]}")


def normalize(value: Any) -> Any:
    """Tuples become lists; dicts keep their keys."""
    if isinstance(value, tuple | list):
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    return value


def exact(expected: Any, actual: Any) -> bool:
    expected, actual = normalize(expected), normalize(actual)
    return _same_types(expected, actual) and expected == actual


def _same_types(a: Any, b: Any) -> bool:
    """Booleans are not numbers here: `True` is not an answer of `1`."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_types(a[k], b[k]) for k in a)
    return True


def approx(expected: Any, actual: Any, rtol: float, atol: float) -> bool:
    """Numbers within tolerance, element by element; shapes and other values must match."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        e, a = float(expected), float(actual)
        if math.isnan(e) or math.isnan(a):
            return math.isnan(e) and math.isnan(a)
        return math.isclose(e, a, rel_tol=rtol, abs_tol=atol)
    if isinstance(expected, list | tuple) and isinstance(actual, list | tuple):
        return len(expected) == len(actual) and all(
            approx(e, a, rtol, atol) for e, a in zip(expected, actual, strict=True)
        )
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            approx(expected[k], actual[k], rtol, atol) for k in expected
        )
    return bool(expected == actual)


def unordered(expected: Any, actual: Any) -> bool:
    """The top-level lists hold the same elements, in any order."""
    if not isinstance(expected, list) or not isinstance(actual, list):
        return exact(expected, actual)
    if len(expected) != len(actual):
        return False
    try:  # fast path: equal multisets of canonical JSON
        if Counter(map(_key, expected)) == Counter(map(_key, actual)):
            return True
    except (TypeError, ValueError):
        pass
    remaining = [normalize(a) for a in actual]
    for item in expected:
        item = normalize(item)
        for i, candidate in enumerate(remaining):
            if _same_types(item, candidate) and item == candidate:
                del remaining[i]
                break
        else:
            return False
    return True


def _key(value: Any) -> str:
    """Canonical text of a value; 2.0 and 2 share a key, True and 1 do not."""

    def canon(v: Any) -> Any:
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, list | tuple):
            return [canon(x) for x in v]
        if isinstance(v, dict):
            return {str(k): canon(x) for k, x in v.items()}
        return v

    return json.dumps(canon(value), sort_keys=True)


def comparator(
    mode: str, rtol: float, atol: float, checker: Callable[[Any, Any, Any], bool] | None
) -> Callable[[Any, Any, Any], bool]:
    """compare(args, expected, actual) for a problem's compare mode."""
    if mode == "approx":
        return lambda _args, e, a: approx(e, a, rtol, atol)
    if mode == "unordered":
        return lambda _args, e, a: unordered(e, a)
    if mode == "checker":
        if checker is None:
            raise ValueError("compare: checker needs checker.py")
        return checker
    return lambda _args, e, a: exact(e, a)


def short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
