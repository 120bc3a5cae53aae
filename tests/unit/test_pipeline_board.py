"""The board, offers and funnel renderers, line by line, at the widths people use."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from rich.console import Console, RenderableType

from prep.core.offers import NegotiationEntry, Offer
from prep.core.pipeline import (
    Application,
    Event,
    Stage,
    Transition,
    board_cards,
    funnel,
)
from prep.render.pipeline import board_view, funnel_view, offers_table, plan_lanes

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday
SLUGS = [
    "gould-foster",
    "barnes-fernandez",
    "davis",
    "montgomery",
    "jones-grant",
    "evans-simpson",
    "tate-sons",
    "beck-brown-miles",
    "shields-ramirez",
    "white-campbell",
    "lam-deleon",
    "peterson",
]
STAGES = [
    Stage.WISHLIST,
    Stage.APPLIED,
    Stage.APPLIED,
    Stage.RECRUITER,
    Stage.SCREEN,
    Stage.SCREEN,
    Stage.TECHNICAL,
    Stage.TECHNICAL,
    Stage.TAKEHOME,
    Stage.ONSITE,
    Stage.OFFER,
    Stage.NEGOTIATION,
]


def render(renderable: RenderableType, width: int) -> list[str]:
    out = Console(width=width, file=io.StringIO(), no_color=True, record=True, highlight=False)
    out.print(renderable)
    return out.export_text().splitlines()


def twelve() -> tuple[list[Application], dict[int, list[Event]]]:
    apps = []
    for i, (slug, stage) in enumerate(zip(SLUGS, STAGES, strict=True)):
        since = NOW - timedelta(days=i + 1)
        extra: dict[str, object] = {}
        if slug == "jones-grant":
            extra = {
                "next_action": "follow up with the recruiter",
                "next_action_due": NOW - timedelta(days=3),
            }
        apps.append(
            Application(
                id=i,
                slug=slug,
                company=slug.title(),
                role="Senior Machine Learning Engineer",
                stage=stage,
                stage_since=since,
                created_at=since,
                last_activity_at=since,
                **extra,  # type: ignore[arg-type]
            )
        )
    events = {3: [Event("recruiter-call", NOW + timedelta(days=1, hours=3), "UTC", 30)]}
    return apps, events


@pytest.mark.parametrize(("width", "lanes"), [(100, 5), (80, 4), (200, 9)])
def test_twelve_applications_fit_the_width_with_every_id_whole(width: int, lanes: int) -> None:
    apps, events = twelve()
    cards = board_cards(apps, events, NOW)
    lines = render(board_view(cards, {Stage.REJECTED: 2}, NOW, UTC, width), width)
    assert all(len(line) <= width for line in lines)
    text = "\n".join(lines)
    for slug in SLUGS:
        assert slug in text
    assert lines[0] == "Board · Mon 02 Mar 12:00 · 12 active · 1 overdue · 6 idle 7d+"
    assert lines[1].count("┬") == lanes - 1
    assert "! 3d late:" in text
    assert "@ Tue 15:00" in text
    assert lines[-1] == "Closed: 2 rejected."


def test_narrow_terminals_get_a_list() -> None:
    apps, events = twelve()
    lines = render(board_view(board_cards(apps, events, NOW), {}, NOW, UTC, 50), 50)
    assert all(len(line) <= 50 for line in lines)
    start = lines.index("wishlist (1)")
    assert lines[start : start + 5] == [
        "wishlist (1)",
        "  gould-foster  1d · Senior Machine Learning Engi…",
        "applied (2)",  # longest in the stage first
        "  davis  3d · Senior Machine Learning Engineer",
        "  barnes-fernandez  2d · Senior Machine Learning …",
    ]
    assert "    ! 3d late: follow up with the recruiter" in lines


def test_lanes_merge_neighbours_to_keep_the_tallest_lane_short() -> None:
    stages = [Stage.APPLIED] * 4 + [Stage.SCREEN, Stage.TECHNICAL, Stage.ONSITE, Stage.OFFER]
    assert plan_lanes(stages, 200) == [
        (Stage.APPLIED,),
        (Stage.SCREEN,),
        (Stage.TECHNICAL,),
        (Stage.ONSITE,),
        (Stage.OFFER,),
    ]
    assert plan_lanes(stages, 80) == [
        (Stage.APPLIED,),
        (Stage.SCREEN,),
        (Stage.TECHNICAL,),
        (Stage.ONSITE, Stage.OFFER),
    ]
    assert plan_lanes(stages, 60) == [
        (Stage.APPLIED,),
        (Stage.SCREEN, Stage.TECHNICAL),
        (Stage.ONSITE, Stage.OFFER),
    ]
    assert plan_lanes(stages, 50) is None


def test_empty_board() -> None:
    lines = render(board_view([], {}, NOW, UTC, 80), 80)
    assert lines == [
        "Board · Mon 02 Mar 12:00 · 0 active",
        "No active applications: prep app add Acme --role 'ML Engineer'",
    ]


def test_offers_side_by_side() -> None:
    def app(slug: str) -> Application:
        return Application(0, slug, slug.title(), "MLE", Stage.OFFER, NOW, NOW, NOW)

    even = Offer(D(200_000), D(10), D(50_000), D(400_000), deadline=NOW + timedelta(days=3))
    back = Offer(
        D(200_000),
        D(10),
        D(50_000),
        D(400_000),
        schedule=(D(5), D(15), D(40), D(40)),
        deadline=NOW - timedelta(days=1),
    )
    ask = NegotiationEntry("base", "ask", D(220_000), NOW)
    table = offers_table([(app("acme"), even, []), (app("globex"), back, [ask])], NOW, UTC)
    lines = render(table, 100)
    rows = {}
    for line in lines:
        label = line[:14].strip()
        if label:
            rows[label] = line
    assert rows["equity y1"].split()[-2:] == ["100,000", "20,000"]
    assert rows["equity y3"].split()[-2:] == ["100,000", "160,000"]
    assert rows["first year"].split()[-2:] == ["370,000", "290,000"]
    assert rows["four years"].split()[-2:] == ["1,330,000", "1,330,000"]
    assert "Mar 05 (in 3d)" in rows["deadline"] and "Mar 01 (passed)" in rows["deadline"]
    assert rows["negotiation"].rstrip().endswith("base ask 220,000")


def test_funnel_view_hides_stages_a_source_never_reached() -> None:
    history = [
        Transition(None, Stage.APPLIED, NOW),
        Transition(Stage.APPLIED, Stage.SCREEN, NOW + timedelta(days=4)),
    ]
    lines = render(funnel_view(funnel([("referral", history)], NOW)), 80)
    assert lines[0].strip() == "All sources"
    assert "applied" in lines[4] and lines[4].split()[1:] == ["1", "1", "100%", "4"]
    at_source = lines[lines.index(next(line for line in lines if "Source: referral" in line)) :]
    assert [line.split()[0] for line in at_source[4:] if line.strip()] == [
        "applied",
        "recruiter",
        "screen",
    ]
