"""Round templates: parsing, validation, onsite expansion, scaling and the draw of items."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from prep.core.mock import (
    Candidate,
    TemplateError,
    clock,
    expand,
    parse_template,
    plan_round,
    section_seconds,
    trend,
)
from prep.core.pipeline import FOCUS_ALIASES

ROUNDS = Path(__file__).parents[2] / "src" / "prep" / "rounds"


def shipped() -> dict[str, object]:
    return {
        p.stem: parse_template(p.read_text(encoding="utf-8"), str(p))
        for p in sorted(ROUNDS.glob("*.toml"))
    }


def test_shipped_templates_have_the_promised_shape() -> None:
    t = shipped()
    assert set(t) >= {"phone-screen", "ml-coding", "ml-breadth", "behavioral", "onsite"}
    phone = t["phone-screen"]
    assert phone.minutes == 45  # type: ignore[attr-defined]
    assert [(s.kind, s.count) for s in phone.sections] == [  # type: ignore[attr-defined]
        ("coding", 1),
        ("concepts", 5),
        ("behavioral", 1),
    ]
    assert [(s.kind, s.minutes, s.count) for s in t["ml-coding"].sections] == [("coding", 60, 2)]  # type: ignore[attr-defined]
    assert [(s.kind, s.minutes, s.count) for s in t["ml-breadth"].sections] == [  # type: ignore[attr-defined]
        ("concepts", 20, 15)
    ]
    assert [(s.kind, s.minutes, s.count) for s in t["behavioral"].sections] == [  # type: ignore[attr-defined]
        ("behavioral", 30, 4)
    ]


def test_onsite_expands_to_its_rounds_with_breaks() -> None:
    t = shipped()
    onsite = expand(t["onsite"], t)  # type: ignore[arg-type]
    assert [s.kind for s in onsite.sections] == [
        "coding", "break", "concepts", "break", "coding", "concepts", "behavioral", "break",
        "behavioral",
    ]  # fmt: skip
    assert onsite.sections[0].title == "ml-coding · ML from scratch"
    assert onsite.sections[4].title == "Coding screen · Coding"
    assert onsite.minutes == 60 + 10 + 20 + 10 + 45 + 15 + 30


def test_errors_name_the_file_and_the_key() -> None:
    with pytest.raises(TemplateError, match=r"^r\.toml: `sections` is missing; add at least one"):
        parse_template('name = "r"\n', "r.toml")
    with pytest.raises(TemplateError, match=r"^r\.toml: unknown key `sections\[0\]\.cnt`"):
        parse_template(
            'name = "r"\n[[sections]]\nkind = "coding"\nminutes = 5\ncnt = 2\n', "r.toml"
        )
    with pytest.raises(TemplateError, match=r"^r\.toml: sections\[0\]\.minutes must be a positive"):
        parse_template('name = "r"\n[[sections]]\nkind = "coding"\nminutes = "5"\n', "r.toml")
    with pytest.raises(
        TemplateError, match=r"^r\.toml: `minutes` = 30 but the sections add up to 5; make them"
    ):
        parse_template(
            'name = "r"\nminutes = 30\n[[sections]]\nkind = "break"\nminutes = 5\n', "r.toml"
        )
    with pytest.raises(TemplateError, match=r"^r\.toml: not valid TOML"):
        parse_template("name = ", "r.toml")
    with pytest.raises(
        TemplateError, match=r"difficulty 'tricky' is not one of easy, medium, hard"
    ):
        parse_template(
            'name = "r"\n[[sections]]\nkind = "coding"\nminutes = 5\ndifficulty = ["tricky"]\n',
            "r.toml",
        )


def test_expand_refuses_unknown_rounds_and_cycles() -> None:
    a = parse_template('name = "a"\n[[sections]]\nround = "b"\n', "a.toml")
    b = parse_template('name = "b"\n[[sections]]\nround = "a"\n', "b.toml")
    with pytest.raises(TemplateError, match=r"^a\.toml: sections\[0\]\.round = 'b' is not a known"):
        expand(a, {"a": a})
    with pytest.raises(TemplateError, match=r"includes itself \(a → b → a\); remove the cycle"):
        expand(a, {"a": a, "b": b})


def test_minutes_scale_each_section() -> None:
    phone = shipped()["phone-screen"]
    assert section_seconds(phone) == [1500, 720, 480]  # type: ignore[arg-type]
    # 30 of 45 minutes: every section gets two thirds of its time.
    assert section_seconds(phone, 30) == [1000, 480, 320]  # type: ignore[arg-type]


def test_plan_draws_matching_items_once_with_the_injected_rng() -> None:
    template = parse_template(
        'name = "r"\n'
        '[[sections]]\nkind = "coding"\nminutes = 10\ncount = 1\ndifficulty = ["medium"]\n'
        'exclude = ["ml"]\n'
        '[[sections]]\nkind = "coding"\nminutes = 10\ncount = 2\nfocus = ["ml-coding"]\n'
        '[[sections]]\nkind = "concepts"\nminutes = 5\ncount = 3\nfocus = ["stats"]\n',
        "r.toml",
    )
    pools = {
        "coding": [
            Candidate("two-sum", frozenset({"arrays-hashing"}), "easy"),
            Candidate("lru", frozenset({"linked-list"}), "medium"),
            Candidate("kmeans", frozenset({"ml"}), "medium"),
            Candidate("pca", frozenset({"ml"}), "hard"),
        ],
        "concepts": [
            Candidate("p-value", frozenset({"statistics"})),
            Candidate("relu", frozenset({"deep-learning"})),
        ],
    }
    plan = plan_round(template, pools, random.Random(1), FOCUS_ALIASES)
    assert plan.sections[0].items == ("lru",)  # the only medium problem outside ml
    assert sorted(plan.sections[1].items) == ["kmeans", "pca"]  # ml-coding → category ml
    assert plan.sections[2].items == ("p-value",) and plan.sections[2].short_by == 2
    assert plan.seconds == 1500
    # Same seed, same draw.
    again = plan_round(template, pools, random.Random(1), FOCUS_ALIASES)
    assert again == plan


def test_clock_and_trend() -> None:
    assert clock(754) == "12:34" and clock(-5) == "0:00" and clock(3600) == "60:00"
    assert trend([10]) == "new"
    assert trend([8, 9, 12, 13]) == "up"  # 8.5 → 12.5
    assert trend([12, 12, 12]) == "flat"  # 12 → 12
    assert trend([14, 10]) == "down"
