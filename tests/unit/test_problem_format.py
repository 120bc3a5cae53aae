from __future__ import annotations

import math

import pytest

from prep.core.judge import approx, comparator, decode, exact, unordered
from prep.core.problem import ProblemError, parse_cases, parse_problem_md
from prep.core.schedule import Grade
from prep.services.problems import grade_for

MD = """---
id: pair-sum
title: Pair Sum
difficulty: easy
minutes: 15
category: two-pointers
tags: [arrays]
kind: function
entry: pair_sum
compare: approx
rtol: 1e-4
types: {args: [list_node, any], returns: tree}
---
Statement here.

## Hints
- first
- second
  continues
1. third
"""


def test_parse_problem_md() -> None:
    p = parse_problem_md(MD, "p.md", "pair-sum", "two-pointers")
    assert (p.id, p.difficulty, p.minutes, p.kind, p.entry) == (
        "pair-sum",
        "easy",
        15,
        "function",
        "pair_sum",
    )
    assert p.hints == ("first", "second continues", "third")
    assert p.statement == "Statement here."
    assert p.rtol == 1e-4 and p.atol == 1e-9
    assert p.arg_types == ("list_node", "any") and p.return_type == "tree"
    assert p.time_limit_ms == 2000 and p.memory_mb == 512


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("id: pair-sum", "id: other"), "must equal the folder name 'pair-sum'"),
        (
            ("difficulty: easy", "difficulty: trivial"),
            "field 'difficulty' is 'trivial'; use one of easy, medium, hard",
        ),
        (("minutes: 15", "minutes: fifteen"), "field 'minutes' must be a int"),
        (("kind: function", "kind: module"), "field 'kind' is 'module'"),
        (("compare: approx", "compare: fuzzy"), "field 'compare' is 'fuzzy'"),
        (("entry: pair_sum", "entry: pair-sum"), "it must be a Python name"),
        (("tags: [arrays]", "colour: red"), "unknown field(s) colour"),
        (("## Hints", "## Tips"), "has no '## Hints' section"),
        (("category: two-pointers", "category: stack"), "but the folder is 'two-pointers'"),
        (
            ("types: {args: [list_node, any], returns: tree}", "types: {args: [matrix]}"),
            "field 'types' may only use",
        ),
    ],
)
def test_problem_errors_name_field(change: tuple[str, str], message: str) -> None:
    with pytest.raises(ProblemError) as err:
        parse_problem_md(MD.replace(*change), "p/problem.md", "pair-sum", "two-pointers")
    assert message in str(err.value)
    assert str(err.value).startswith("p/problem.md: ")


def test_parse_cases_function_and_class() -> None:
    cases = parse_cases(
        '{"visible": [{"args": [1], "expected": 2}], "hidden": [{"args": [3], "expected": 6}]}',
        "c.json",
        "function",
    )
    assert [(c.number, c.visible, c.args, c.expected) for c in cases] == [
        (1, True, [1], 2),
        (2, False, [3], 6),
    ]
    assert cases[0].payload() == {"args": [1]}
    klass = parse_cases(
        '{"visible": [{"calls": [["C", [2]], ["get", [1]]], "expected": [null, 1]}]}',
        "c.json",
        "class",
    )
    assert klass[0].payload() == {"calls": [["C", [2]], ["get", [1]]]}


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("{", "function", "not valid JSON"),
        ('{"visible": []}', "function", "needs at least one visible case"),
        ('{"visible": [{"args": 1, "expected": 2}]}', "function", "visible[0]"),
        (
            '{"visible": [{"calls": [["C", []], ["get", [1]]], "expected": [null]}]}',
            "class",
            "one result per call (2)",
        ),
    ],
)
def test_case_errors(text: str, kind: str, message: str) -> None:
    with pytest.raises(Exception) as err:
        parse_cases(text, "c.json", kind)
    assert message in str(err.value)


def test_exact_compare() -> None:
    assert exact([1, 2], (1, 2))
    assert not exact(1, True)
    assert not exact([1, 2], [2, 1])
    assert exact({"a": [1]}, {"a": (1,)})


def test_approx_compare() -> None:
    assert approx([1.0, [2.0]], [1.0000001, [2.0]], 1e-6, 1e-9)
    assert not approx([1.0], [1.01], 1e-6, 1e-9)
    assert not approx([1.0, 2.0], [1.0], 1e-6, 1e-9)
    assert approx(float("nan"), float("nan"), 1e-6, 0)
    assert approx(0.0, 1e-10, 0, 1e-9)


def test_unordered_compare() -> None:
    assert unordered([[1, 2], [3]], [[3], [1, 2]])
    assert not unordered([[1, 2], [3]], [[2, 1], [3]])
    assert not unordered([1, 1, 2], [1, 2, 2])


def test_decode_tagged_values() -> None:
    assert math.isinf(decode({"$f": "-inf"}))
    assert decode({"$d": [["a", 1], [2, [3]]]}) == {"a": 1, 2: [3]}
    with pytest.raises(ValueError):
        decode({"__class__": "x"})


def test_checker_mode_needs_checker() -> None:
    with pytest.raises(ValueError):
        comparator("checker", 0, 0, None)
    assert comparator("checker", 0, 0, lambda a, e, x: x == e + 1)(None, 1, 2)


@pytest.mark.parametrize(
    ("failed", "hints", "elapsed_min", "grade"),
    [
        (0, 0, 7, Grade.EASY),
        (0, 0, 8, Grade.GOOD),
        (0, 0, 16, Grade.HARD),
        (1, 0, 3, Grade.HARD),
        (0, 1, 3, Grade.HARD),
    ],
)
def test_grade_at_close(failed: int, hints: int, elapsed_min: float, grade: Grade) -> None:
    assert grade_for(failed, hints, elapsed_min * 60, 15) is grade
