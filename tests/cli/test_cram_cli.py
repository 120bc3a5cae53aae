"""`prep review --for APP` and `prep solve --for APP`: cram for an interview; the agenda summary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner

from prep.app import App
from prep.cli.main import cli
from prep.core.pipeline import Event
from prep.core.schedule import Grade
from prep.services.cram import cram_line, cram_queue, cram_summary
from prep.services.pipeline import add_application, add_event
from prep.services.review import answer
from prep.services.sync import sync_decks
from tests.conftest import FakeClock


@pytest.fixture
def acme(app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> App:
    """Three cards reviewed two days ago with different stabilities; an onsite in 5 days."""
    monkeypatch.setattr("prep.services.problem_roots.shipped_dir", lambda name: None)
    sync_decks(app)
    answer(app, "term-mle", Grade.EASY)  # stable: still ~94% recall on the onsite date
    answer(app, "stats-p-value", Grade.GOOD)
    answer(app, "stats-clt:c1", Grade.AGAIN)  # weakest
    clock.advance(days=2)
    add_application(app, "Acme", "ML Engineer")
    onsite = Event("onsite", clock.now + timedelta(days=5), "UTC", 240, ("stats", "clt"))
    add_event(app, "acme", onsite)
    monkeypatch.setattr(App, "from_env", classmethod(lambda cls, *a, **k: app))
    return app


def test_cram_queue_orders_by_recall_on_the_event_date(acme: App) -> None:
    assert [i.candidate.key for i in cram_queue(acme, "acme")] == ["stats-clt:c1", "stats-p-value"]


def test_review_for_serves_the_cram_queue_as_ordinary_reviews(acme: App) -> None:
    result = CliRunner().invoke(cli, ["review", "--for", "acme"], input="\n3\n\n3\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("stats-clt:c1") < out.index("stats-p-value")
    assert "term-mle" not in out
    assert "Done for now: 2 answered." in out
    # Answered cards leave the cram queue; their reviews are ordinary FSRS reviews.
    assert cram_queue(acme, "acme") == []
    from prep.services.review import card_info

    assert [h.rating for h in card_info(acme, "stats-clt:c1").history] == [1, 3]


def test_cram_summary_for_the_agenda(acme: App) -> None:
    [s] = cram_summary(acme, days=7)
    assert (s.application, s.company, s.event_type, s.days_until) == ("acme", "Acme", "onsite", 5)
    assert (s.focus, s.cards_below, s.problems_below) == (("stats", "clt"), 2, 0)
    # stats-clt:c2, term-mle:rev and behav-conflict were never studied (the sample deck tags
    # every card statistics).
    assert s.never_studied == 3 and s.never_solved == 0
    assert cram_line(s, acme.timezone).startswith(
        "Acme onsite in 5 days: 2 reviewed cards and 0 problems on stats, clt will be below "
        "90% recall on Mar 9; 3 matching cards never studied"
    )
    assert cram_summary(acme, days=4) == []


def test_solve_for_without_a_matching_solved_problem(acme: App) -> None:
    result = CliRunner().invoke(cli, ["solve", "--for", "acme"])
    assert result.exit_code == 1
    assert "Error: no problem you have solved on stats, clt is predicted below 90% recall" in (
        result.output
    )


def test_review_for_an_application_without_focus_tags(acme: App) -> None:
    add_application(acme, "Beta", "ML Engineer")
    result = CliRunner().invoke(cli, ["review", "--for", "beta"])
    assert result.exit_code == 1
    assert "Error: beta has no upcoming event with focus tags; add one with `prep app event" in (
        result.output
    )
