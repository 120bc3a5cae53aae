"""Pipeline rules: stages, allowed moves, replay, short ids, board flags and the funnel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prep.core.errors import PrepError
from prep.core.pipeline import (
    CLOSED,
    FLOW,
    TERMINAL,
    Application,
    Event,
    InvalidMoveError,
    Stage,
    Transition,
    allowed_moves,
    applied_at,
    board_cards,
    check_move,
    funnel,
    parse_event_type,
    parse_stage,
    parse_tags,
    replay,
    short_id,
    unmatched_tags,
)

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def days(n: float) -> datetime:
    return T0 + timedelta(days=n)


def test_forward_moves_and_skips_are_allowed() -> None:
    assert allowed_moves(Stage.SCREEN) == (
        Stage.TECHNICAL,
        Stage.TAKEHOME,
        Stage.ONSITE,
        Stage.OFFER,
        Stage.NEGOTIATION,
        Stage.ACCEPTED,
        Stage.REJECTED,
        Stage.WITHDRAWN,
        Stage.GHOSTED,
    )
    move = check_move("acme", Stage.APPLIED, Stage.ONSITE, days(1), T0, force=False)
    assert move == Transition(Stage.APPLIED, Stage.ONSITE, days(1), forced=False)


def test_closed_stages_allow_nothing_without_force() -> None:
    for stage in (*TERMINAL, Stage.ACCEPTED):
        assert allowed_moves(stage) == ()
    with pytest.raises(InvalidMoveError) as err:
        check_move("acme", Stage.REJECTED, Stage.SCREEN, days(1), T0, force=False)
    assert str(err.value) == (
        "cannot move acme from 'rejected' to 'screen': 'rejected' is a closed stage; "
        "no move is allowed without --force (add --force to move anyway; it is marked forced "
        "in the history)"
    )


def test_backward_move_names_the_allowed_moves() -> None:
    with pytest.raises(InvalidMoveError) as err:
        check_move("acme", Stage.OFFER, Stage.SCREEN, days(1), T0, force=False)
    assert str(err.value) == (
        "cannot move acme from 'offer' to 'screen': 'screen' is before 'offer'; allowed "
        "without --force: negotiation, accepted, rejected, withdrawn, ghosted (add --force to "
        "move anyway; it is marked forced in the history)"
    )


def test_forced_moves_are_marked_and_unneeded_force_is_not() -> None:
    back = check_move("acme", Stage.ONSITE, Stage.SCREEN, days(1), T0, force=True)
    assert back.forced is True
    out = check_move("acme", Stage.GHOSTED, Stage.SCREEN, days(1), T0, force=True)
    assert out.forced is True
    forward = check_move("acme", Stage.SCREEN, Stage.ONSITE, days(1), T0, force=True)
    assert forward.forced is False


def test_same_stage_and_earlier_time_are_refused_even_forced() -> None:
    with pytest.raises(InvalidMoveError, match="acme is already in stage 'screen'"):
        check_move("acme", Stage.SCREEN, Stage.SCREEN, days(1), T0, force=True)
    with pytest.raises(InvalidMoveError, match="before its last move"):
        check_move("acme", Stage.SCREEN, Stage.ONSITE, days(-1), T0, force=True)
    # the same instant is fine: times never go backwards, they may stand still
    assert check_move("acme", Stage.SCREEN, Stage.ONSITE, T0, T0, force=False).at == T0


def test_replay_returns_last_stage_and_rejects_broken_histories() -> None:
    history = [
        Transition(None, Stage.APPLIED, T0),
        Transition(Stage.APPLIED, Stage.SCREEN, days(2)),
        Transition(Stage.SCREEN, Stage.APPLIED, days(3), forced=True),
    ]
    assert replay(history) == Stage.APPLIED
    with pytest.raises(PrepError, match="unforced move from 'screen' to 'applied'"):
        replay([*history[:2], Transition(Stage.SCREEN, Stage.APPLIED, days(3))])
    with pytest.raises(PrepError, match="goes back in time"):
        replay([history[0], Transition(Stage.APPLIED, Stage.SCREEN, days(-1))])
    with pytest.raises(PrepError, match="broken"):
        replay([history[0], Transition(Stage.SCREEN, Stage.ONSITE, days(1))])
    with pytest.raises(PrepError, match="no stage history"):
        replay([])


def _oracle_allows(current: Stage, target: Stage) -> bool:
    """The rules written out independently of the implementation."""
    if current in CLOSED or target == current:
        return False
    return target in TERMINAL or FLOW.index(target) > FLOW.index(current)


@given(
    st.lists(
        st.tuples(st.sampled_from(list(Stage)), st.booleans(), st.integers(-3, 5)), max_size=30
    )
)
def test_random_moves_follow_the_rules(steps: list[tuple[Stage, bool, int]]) -> None:
    history = [Transition(None, Stage.APPLIED, T0)]
    for target, force, hours in steps:
        current, last = history[-1].to_stage, history[-1].at
        at = last + timedelta(hours=hours)
        try:
            move = check_move("x", current, target, at, last, force)
        except InvalidMoveError:
            assert at < last or target == current or not (force or _oracle_allows(current, target))
            continue
        assert at >= last and target != current
        assert move.forced == (not _oracle_allows(current, target))
        assert force or _oracle_allows(current, target)
        history.append(move)
        assert replay(history) == target


def test_parse_stage_and_spreadsheet_aliases() -> None:
    assert parse_stage("Screen") == Stage.SCREEN
    assert parse_stage("Phone Screen", aliases=True) == Stage.SCREEN
    assert parse_stage("On-site", aliases=True) == Stage.ONSITE
    assert parse_stage("Take home", aliases=True) == Stage.TAKEHOME
    assert parse_stage("No response", aliases=True) == Stage.GHOSTED
    with pytest.raises(PrepError, match="unknown stage 'phone screen'; use one of wishlist, "):
        parse_stage("phone screen")


def test_short_ids_are_typeable_and_unique() -> None:
    assert short_id("Acme", []) == "acme"
    assert short_id("Acme Corp", ["acme"]) == "acme-2"
    assert short_id("Acme, Inc.", ["acme", "acme-2"]) == "acme-3"
    assert short_id("Jane Street", []) == "jane-street"
    assert short_id("Smith, Jones and Lee LLC", []) == "smith-jones-lee"
    assert short_id("Supercalifragilistic Systems", []) == "supercalifragili"
    assert short_id("東京", []) == "app"
    assert short_id("Company 7", []) == "company-7"


def test_event_types_and_tags() -> None:
    assert parse_event_type("Take Home") == "take-home"
    assert parse_event_type("screen") == "phone-screen"
    with pytest.raises(PrepError, match="unknown event type 'lunch'; use one of recruiter-call"):
        parse_event_type("lunch")
    assert parse_tags(" ML-coding, statistics,,ml-coding, system design ") == (
        "ml-coding",
        "statistics",
        "system-design",
    )
    vocab = {"statistics", "ml", "clt"}
    assert unmatched_tags(["statistics", "ml-coding", "cooking"], vocab, {"ml-coding": "ml"}) == [
        "cooking"
    ]


def _app(
    i: int, stage: Stage, since: datetime, activity: datetime | None = None, **kw: object
) -> Application:
    return Application(
        id=i,
        slug=f"a{i}",
        company=f"C{i}",
        role="MLE",
        stage=stage,
        stage_since=since,
        created_at=since,
        last_activity_at=activity or since,
        **kw,  # type: ignore[arg-type]
    )


def test_board_flags_overdue_and_idle_and_finds_the_next_event() -> None:
    now = days(10)
    apps = [
        _app(1, Stage.SCREEN, days(2)),  # idle 8 days, nothing scheduled
        _app(2, Stage.SCREEN, days(1), next_action="follow up", next_action_due=days(8.5)),
        _app(3, Stage.ONSITE, days(1)),  # idle but an interview is coming: not flagged
        _app(4, Stage.APPLIED, days(5)),  # 5 days: not idle yet
        _app(5, Stage.REJECTED, days(0)),  # closed: not on the board
    ]
    events = {
        3: [
            Event("onsite", days(9), "UTC", 240),  # over: ended before now
            Event("technical", days(12), "UTC", 60),
        ]
    }
    cards = board_cards(apps, events, now)
    assert [c.application.slug for c in cards] == ["a4", "a2", "a1", "a3"]
    by = {c.application.slug: c for c in cards}
    assert by["a1"].idle_days == 8 and by["a1"].days_in_stage == 8
    assert by["a2"].overdue_days == 2  # 1.5 days late rounds up
    assert by["a3"].idle_days is None and by["a3"].next_event == events[3][1]
    assert by["a4"].idle_days is None and by["a4"].overdue_days is None


def test_funnel_counts_reached_skipped_stages_and_median_stays() -> None:
    def h(*moves: tuple[Stage, float]) -> list[Transition]:
        out = [Transition(None, moves[0][0], days(moves[0][1]))]
        for stage, d in moves[1:]:
            out.append(Transition(out[-1].to_stage, stage, days(d)))
        return out

    histories = [
        ("referral", h((Stage.APPLIED, 0), (Stage.SCREEN, 4), (Stage.ONSITE, 10))),
        ("referral", h((Stage.APPLIED, 0), (Stage.SCREEN, 2), (Stage.REJECTED, 3))),
        ("linkedin", h((Stage.APPLIED, 0), (Stage.GHOSTED, 20))),
        ("", h((Stage.WISHLIST, 0))),
    ]
    rows = funnel(histories, days(30))
    overall = {r.stage: r for r in rows if r.source is None}
    assert overall[Stage.APPLIED].reached == 3 and overall[Stage.APPLIED].advanced == 2
    assert overall[Stage.APPLIED].median_days == 4.0  # stays of 4, 2 and 20 days
    # the onsite skipped recruiter: it still counts as having reached it
    assert overall[Stage.RECRUITER].reached == 2 and overall[Stage.RECRUITER].advanced == 2
    assert overall[Stage.SCREEN].reached == 2 and overall[Stage.SCREEN].advanced == 1
    assert overall[Stage.SCREEN].conversion == 0.5
    assert overall[Stage.SCREEN].median_days == 3.5  # (6 + 1) / 2
    assert overall[Stage.ONSITE].median_days is None  # still there: not a finished stay
    assert overall[Stage.ACCEPTED].advanced is None and overall[Stage.ACCEPTED].conversion is None
    assert [r.source for r in rows[:: len(overall)]] == [None, "(none)", "linkedin", "referral"]
    referral = {r.stage: r for r in rows if r.source == "referral"}
    assert referral[Stage.APPLIED].reached == 2 and referral[Stage.SCREEN].advanced == 1


def test_applied_at_skips_the_wishlist() -> None:
    history = [
        Transition(None, Stage.WISHLIST, T0),
        Transition(Stage.WISHLIST, Stage.APPLIED, days(3)),
    ]
    assert applied_at(history) == days(3)
    assert applied_at(history[:1]) is None
    assert applied_at([history[0], Transition(Stage.WISHLIST, Stage.WITHDRAWN, days(1))]) is None
