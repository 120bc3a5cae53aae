"""Pipeline use cases on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from prep.app import App
from prep.core.errors import NotFoundError, PrepError
from prep.core.offers import Offer
from prep.core.pipeline import CLOSED, FLOW, TERMINAL, Event, InvalidMoveError, Stage, replay
from prep.services import pipeline as svc
from prep.services import pipeline_io as io
from prep.store import pipeline_repo as repo
from prep.store.models import StageTransitionRow
from tests.conftest import FakeClock

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def snapshot(app: App) -> list[object]:
    """Everything the pipeline stores, to check that a refused command changed nothing."""
    out: list[object] = []
    for listed in svc.list_applications(app):
        d = svc.application_detail(app, listed.application.slug)
        out.append(d)
    return out


def test_add_gives_short_ids_and_records_the_first_stage(app: App, clock: FakeClock) -> None:
    a = svc.add_application(app, "Acme", "ML Engineer", source="Referral")
    b = svc.add_application(app, "Acme Corp", "Research Engineer", stage=Stage.WISHLIST)
    assert (a.slug, b.slug) == ("acme", "acme-2")
    assert a.source == "referral" and a.stage == Stage.APPLIED and a.stage_since == NOW
    d = svc.application_detail(app, "ACME-2")
    assert [(t.from_stage, t.to_stage, t.at) for t in d.history] == [(None, Stage.WISHLIST, NOW)]
    with pytest.raises(PrepError, match="id 'acme' is taken"):
        svc.add_application(app, "Other", "MLE", slug="acme")
    with pytest.raises(PrepError, match="--role is empty for Acme"):
        svc.add_application(app, "Acme", "  ")


def test_unknown_id_suggests_a_near_one(app: App) -> None:
    svc.add_application(app, "Acme", "MLE")
    with pytest.raises(NotFoundError) as err:
        svc.move_application(app, "acmee", Stage.SCREEN)
    assert str(err.value) == (
        "no application with id 'acmee'; did you mean 'acme'? see `prep app list` for ids"
    )


def test_moves_forward_back_and_out_of_closed_stages(app: App, clock: FakeClock) -> None:
    svc.add_application(app, "Acme", "MLE")
    clock.advance(days=2)
    _, move = svc.move_application(app, "acme", Stage.ONSITE)  # skipping is fine
    assert move.forced is False
    before = snapshot(app)
    with pytest.raises(InvalidMoveError, match="allowed without --force: offer, negotiation"):
        svc.move_application(app, "acme", Stage.SCREEN)
    assert snapshot(app) == before
    clock.advance(days=1)
    _, back = svc.move_application(app, "acme", Stage.SCREEN, force=True)
    assert back.forced is True
    svc.move_application(app, "acme", Stage.REJECTED)
    with pytest.raises(InvalidMoveError, match="'rejected' is a closed stage"):
        svc.move_application(app, "acme", Stage.OFFER)
    svc.move_application(app, "acme", Stage.OFFER, force=True)
    d = svc.application_detail(app, "acme")
    assert [(t.to_stage, t.forced) for t in d.history] == [
        (Stage.APPLIED, False),
        (Stage.ONSITE, False),
        (Stage.SCREEN, True),
        (Stage.REJECTED, False),
        (Stage.OFFER, True),
    ]
    assert replay(d.history) == d.application.stage == Stage.OFFER


def test_move_times_never_go_backwards(app: App, clock: FakeClock) -> None:
    svc.add_application(app, "Acme", "MLE", at=NOW - timedelta(days=5))
    svc.move_application(app, "acme", Stage.SCREEN, at=NOW - timedelta(days=2))
    before = snapshot(app)
    with pytest.raises(InvalidMoveError, match="before its last move"):
        svc.move_application(app, "acme", Stage.ONSITE, at=NOW - timedelta(days=3))
    assert snapshot(app) == before
    with pytest.raises(PrepError, match="--at 'tomorrow' is in the future"):
        svc.past_time(app, "tomorrow")
    # `today` with no time, before noon, means "as of now"
    clock.now = NOW.replace(hour=8)
    assert svc.past_time(app, "today") == clock.now


def test_notes_next_action_contacts_and_events(app: App, clock: FakeClock) -> None:
    from prep.services.sync import sync_decks

    sync_decks(app)  # focus tags are checked against the sample deck's tags and name
    svc.add_application(app, "Acme", "MLE")
    clock.advance(hours=1)
    svc.add_note(app, "acme", "recruiter says   3 openings")
    due = svc.due_time(app, "2026-03-04")
    svc.set_next_action(app, "acme", "send availability", due)
    svc.add_contact(app, "acme", "Dana Lee", "dana@acme.com", "recruiter")
    with pytest.raises(PrepError, match="--email 'dana' is not an email address"):
        svc.add_contact(app, "acme", "Dana", "dana")
    start = svc.when(app, "fri 10am", "--at").at
    tags = ("statistics", "testing", "clt", "ml-coding", "knitting")
    event = Event("technical", start, "UTC", 60, tags)
    _, saved, unmatched = svc.add_event(app, "acme", event)
    assert unmatched == ["ml-coding", "knitting"]  # no `ml` problems in this collection
    assert saved.uid and saved.starts_at == start
    d = svc.application_detail(app, "acme")
    assert d.application.notes.endswith("recruiter says 3 openings")
    assert d.application.next_action == "send availability"
    assert d.application.next_action_due == due
    assert [c.name for c in d.contacts] == ["Dana Lee"]
    assert d.events == [saved]
    assert d.application.last_activity_at == NOW + timedelta(hours=1)
    svc.set_next_action(app, "acme", None)
    assert svc.application_detail(app, "acme").application.next_action_due is None


def test_offer_moves_to_offer_and_a_final_figure_updates_it(app: App, clock: FakeClock) -> None:
    svc.add_application(app, "Acme", "MLE")
    clock.advance(days=1)
    offer = Offer(D(185_000), D(15), D(20_000), D(400_000), schedule=(D(5), D(15), D(40), D(40)))
    saved, move, replaced = svc.record_offer(app, "acme", offer)
    assert saved == offer and move is not None and move.to_stage == Stage.OFFER
    assert replaced is False
    clock.advance(days=1)
    svc.negotiate(app, "acme", "base", "ask", D(210_000))
    _, after, moved = svc.negotiate(app, "acme", "base", "final", D(200_000))
    assert moved is None  # the ask already moved it to negotiation
    assert after.base == D(200_000)
    (view,) = svc.compare_offers(app)
    assert view.offer.base == D(200_000) and view.offer.schedule == offer.schedule
    assert [(e.kind, e.amount) for e in view.negotiation] == [
        ("ask", D(210_000)),
        ("final", D(200_000)),
    ]
    assert view.application.stage == Stage.NEGOTIATION
    svc.add_application(app, "Globex", "MLE")
    with pytest.raises(PrepError, match="globex has no offer yet; record it first"):
        svc.negotiate(app, "globex", "base", "ask", D(1))


def test_board_and_funnel(app: App, clock: FakeClock) -> None:
    svc.add_application(app, "Acme", "MLE", source="referral", at=NOW - timedelta(days=10))
    svc.add_application(app, "Globex", "MLE", source="linkedin")
    svc.move_application(app, "globex", Stage.REJECTED)
    svc.set_next_action(app, "acme", "follow up", NOW - timedelta(days=2))
    b = svc.board(app)
    assert [c.application.slug for c in b.cards] == ["acme"]
    assert b.cards[0].overdue_days == 2 and b.cards[0].idle_days is None  # touched just now
    assert b.closed == {Stage.REJECTED: 1}
    rows = {(r.source, r.stage): r for r in svc.funnel_rows(app)}
    assert rows[(None, Stage.APPLIED)].reached == 2
    assert rows[(None, Stage.APPLIED)].advanced == 0
    assert rows[("linkedin", Stage.APPLIED)].median_days == 0


SHEET = """Company,Job Title,Status,Date Applied,Notes,Referral
Acme,ML Engineer,Phone Screen,2026-02-10,"liked the team, call back",friend
Globex,Research Engineer,Applied,2026-02-20,,
Initech,Data Scientist,Limbo,2026-02-21,,
Hooli,MLE,offer,3/5/2026,,
"""


def test_import_refuses_a_sheet_with_bad_rows_and_changes_nothing(app: App, tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(SHEET)
    with pytest.raises(PrepError) as err:
        io.import_csv(app, path)
    assert str(err.value) == (
        f"{path}: nothing imported; 2 row(s) to fix: row 4: unknown stage 'Limbo' (use "
        "wishlist, applied, recruiter, screen, technical, takehome, onsite, offer, negotiation, "
        "accepted, rejected, withdrawn, ghosted); row 5: applied date '3/5/2026' is ambiguous; "
        "write it as YYYY-MM-DD, e.g. 2026-03-05 (or pass --skip-bad to import the other rows)"
    )
    assert svc.list_applications(app) == []


def test_import_good_rows_then_reimport_adds_nothing(app: App, tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(SHEET)
    report = io.import_csv(app, path, skip_bad=True)
    assert report.added == ["acme", "globex"]
    assert [s.split(":")[0] for s in report.skipped] == ["row 4", "row 5"]
    d = svc.application_detail(app, "acme")
    assert d.application.source == "friend" and d.application.notes == "liked the team, call back"
    assert [(t.to_stage, t.at.date().isoformat()) for t in d.history] == [
        (Stage.APPLIED, "2026-02-10"),
        (Stage.SCREEN, "2026-02-10"),
    ]
    again = io.import_csv(app, path, skip_bad=True)
    assert again.added == [] and len(again.already_present) == 2


def test_export_csv_round_trips_through_import(app: App, clock: FakeClock, tmp_path: Path) -> None:
    from prep.interop.pipeline_csv import applications_csv

    svc.add_application(app, "Acme", "MLE", source="referral", at=NOW - timedelta(days=9))
    svc.move_application(app, "acme", Stage.TECHNICAL, at=NOW - timedelta(days=2))
    svc.set_next_action(app, "acme", "study graphs", NOW + timedelta(days=1))
    svc.add_application(app, "Globex", "Research Engineer", stage=Stage.WISHLIST)
    text = applications_csv(io.export_rows(app))
    assert text.splitlines()[0] == (
        "id,company,role,stage,applied,stage_date,source,level,location,url,next_action,"
        "next_action_due,notes"
    )
    path = tmp_path / "export.csv"
    path.write_text(text)
    other = App(home=tmp_path / "other", clock=clock)
    try:
        report = io.import_csv(other, path)
        assert report.added == ["globex", "acme"]  # in stage order, as exported
        original = svc.list_applications(app)
        copied = svc.list_applications(other)
        for a, b in zip(original, copied, strict=True):
            fields = ("slug", "company", "role", "stage", "stage_since", "source", "next_action")
            for field in (*fields, "next_action_due"):
                assert getattr(a.application, field) == getattr(b.application, field), field
    finally:
        other.engine.dispose()


def test_calendar_round_trips_events_and_zones(app: App, clock: FakeClock) -> None:
    from icalendar import Calendar

    svc.add_application(app, "Acme", "ML Engineer", location="Paris")
    ny = svc.zone_of(app, "America/New_York")
    start = datetime(2026, 3, 9, 15, 0, tzinfo=UTC)  # 11:00 in New York (EDT from Mar 8)
    svc.add_event(app, "acme", Event("onsite", start, ny[1], 240, ("system-design",)))
    svc.add_event(app, "acme", Event("phone-screen", NOW + timedelta(days=1), "UTC", 45))
    svc.add_event(app, "acme", Event("recruiter-call", NOW - timedelta(days=1), "UTC", 30))
    text, count = io.write_calendar(app, None)
    assert count == 2  # the past call is left out
    cal = Calendar.from_ical(text)
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["summary"]) for e in events] == [
        "Acme: phone screen (ML Engineer)",
        "Acme: onsite (ML Engineer)",
    ]
    onsite = events[1]
    start_back = onsite.decoded("dtstart")
    assert start_back == start and str(start_back.tzinfo) == "America/New_York"
    assert start_back.hour == 11
    assert onsite.decoded("dtend") - start_back == timedelta(minutes=240)
    assert [str(c) for c in onsite["categories"].cats] == ["system-design"]
    assert str(onsite["location"]) == "Paris"
    assert {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")} == {"America/New_York"}
    assert events[0].decoded("dtstart") == NOW + timedelta(days=1)
    uids = {str(e["uid"]) for e in events}
    assert len(uids) == 2 and all(u.endswith("@prep") for u in uids)
    all_text, all_count = io.write_calendar(app, None, include_past=True)
    assert all_count == 3 and len(Calendar.from_ical(all_text).walk("VEVENT")) == 3


def test_demo_builds_a_living_collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prep.services.demo import build_demo, demo_home_dir
    from tests.conftest import SAMPLE_DECK, write_deck

    monkeypatch.setattr("prep.app.shipped_dir", lambda name: None)
    home = demo_home_dir(str(tmp_path / "demo"))
    write_deck(home / "decks", "stats.md", SAMPLE_DECK)
    report = build_demo(home, seed=3, now=NOW)
    assert (report.applications, report.offers, report.events) == (15, 2, 7)
    assert report.reviews > 20
    demo = App(home=home, clock=lambda: NOW)
    try:
        b = svc.board(demo)
        assert len(b.cards) == 12
        assert {c.application.stage for c in b.cards} == set(FLOW) - CLOSED
        assert sum(b.closed.values()) == 3
        assert any(c.overdue_days for c in b.cards) and any(c.idle_days for c in b.cards)
        assert len(svc.compare_offers(demo)) == 2
    finally:
        demo.engine.dispose()
    with pytest.raises(PrepError, match="is not empty; prep demo only writes into a new or empty"):
        demo_home_dir(str(home))


# --- Property: random sequences of moves through the service -------------------------------

MOVES = st.lists(
    st.tuples(
        st.sampled_from(list(Stage)),
        st.booleans(),  # --force
        st.integers(-48, 72),  # hours from the last move for --at (or None when 0)
    ),
    min_size=1,
    max_size=12,
)


def _allowed(current: Stage, target: Stage) -> bool:
    if current in CLOSED or target == current:
        return False
    return target in TERMINAL or FLOW.index(target) > FLOW.index(current)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=MOVES)
def test_service_moves_follow_the_rules(
    app: App, clock: FakeClock, steps: list[tuple[Stage, bool, int]]
) -> None:
    a = svc.add_application(app, "Prop", "MLE")  # a fresh application for each example
    stage, last_at = a.stage, clock.now
    expected = 1
    for target, force, hours in steps:
        clock.advance(hours=3)
        at = None if hours == 0 else last_at + timedelta(hours=hours)
        when = at or clock.now
        ok = target != stage and when >= last_at and (force or _allowed(stage, target))
        try:
            _, move = svc.move_application(app, a.slug, target, force, at)
        except InvalidMoveError:
            assert not ok
        else:
            assert ok
            assert move.forced == (not _allowed(stage, target))
            stage, last_at = target, when
            expected += 1
        with app.uow() as uow:
            row = repo.find_application(uow.session, a.slug)
            history = repo.history(uow.session, row.id)
            times = list(
                uow.session.scalars(
                    select(StageTransitionRow.at)
                    .where(StageTransitionRow.application_id == row.id)
                    .order_by(StageTransitionRow.id)
                )
            )
        assert len(history) == expected
        assert times == sorted(times)
        assert replay(history) == Stage(row.stage) == stage
        assert all(
            t.forced == (not _allowed(t.from_stage, t.to_stage))
            for t in history[1:]
            if t.from_stage
        )
