from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from prep.app import App
from prep.core.errors import ConflictError, NotFoundError, PrepError
from prep.core.replay import replay
from prep.core.schedule import Grade
from prep.services import review as svc
from prep.services.sync import sync_decks
from prep.services.today import today_queue
from prep.store.models import ReviewLogRow
from prep.store.repo import find_card, log_entries, memory_of
from tests.conftest import FakeClock


@pytest.fixture
def synced(app: App) -> App:
    sync_decks(app)
    return app


def log_count(app: App) -> int:
    with app.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(ReviewLogRow)) or 0)


def test_queue_lists_new_cards_without_siblings(synced: App) -> None:
    keys = [i.candidate.key for i in today_queue(synced)]
    assert keys == ["stats-p-value", "stats-clt:c1", "behav-conflict", "term-mle"]


def test_answer_stores_log_with_resulting_state(synced: App, clock: FakeClock) -> None:
    result = svc.answer(synced, "stats-p-value", Grade.GOOD)
    assert result.memory.state == "learning"
    assert result.memory.due == clock.now + timedelta(minutes=10)
    with synced.uow() as uow:
        log = uow.session.scalars(select(ReviewLogRow)).one()
        assert log.kind == "review" and log.rating == 3 and log.prior_state == "new"
        assert memory_of(log) == result.memory
        assert log.parameters is not None and log.desired_retention == 0.9


def test_learning_card_returns_after_its_step(synced: App, clock: FakeClock) -> None:
    svc.answer(synced, "stats-p-value", Grade.AGAIN)
    queue = today_queue(synced)
    # Within the learn-ahead window it waits behind the rest of today's cards...
    assert queue[-1].candidate.key == "stats-p-value" and queue[-1].kind == "learning"
    clock.advance(minutes=1)
    # ...and comes first once its step is over.
    queue = today_queue(synced)
    assert queue[0].candidate.key == "stats-p-value" and queue[0].kind == "learning"


def test_undo_appends_and_restores_previous_state(synced: App, clock: FakeClock) -> None:
    first = svc.answer(synced, "stats-p-value", Grade.GOOD)
    clock.advance(minutes=11)
    svc.answer(synced, "stats-p-value", Grade.GOOD)
    key, memory = svc.undo(synced)
    assert key == "stats-p-value" and memory == first.memory
    assert log_count(synced) == 3
    with synced.uow() as uow:
        card = find_card(uow.session, "stats-p-value")
        assert memory_of(card) == replay(log_entries(uow.session, card.id)) == first.memory
    svc.undo(synced)
    assert svc.card_info(synced, "stats-p-value").memory.state == "new"
    with pytest.raises(PrepError, match="nothing to undo"):
        svc.undo(synced)


def test_stale_answer_is_refused_not_double_applied(synced: App) -> None:
    shown = svc.show(synced, "stats-p-value")
    svc.answer(synced, "stats-p-value", Grade.GOOD, expected_log_id=shown.last_log_id)
    with pytest.raises(ConflictError, match="answered elsewhere"):
        svc.answer(synced, "stats-p-value", Grade.GOOD, expected_log_id=shown.last_log_id)
    assert log_count(synced) == 1


def test_answer_before_last_review_is_refused(synced: App, clock: FakeClock) -> None:
    svc.answer(synced, "stats-p-value", Grade.GOOD)
    with pytest.raises(PrepError, match="before card 'stats-p-value' was last reviewed"):
        svc.answer(synced, "stats-p-value", Grade.GOOD, at=clock.now - timedelta(hours=1))


def test_note_id_with_several_cards_is_ambiguous(synced: App) -> None:
    with pytest.raises(
        NotFoundError, match=r"note 'stats-clt' has 2 cards \(stats-clt:c1, stats-clt:c2\)"
    ):
        svc.answer(synced, "stats-clt", Grade.GOOD)
    with pytest.raises(NotFoundError, match="no card with id 'nope'"):
        svc.answer(synced, "nope", Grade.GOOD)


def test_leech_is_suspended_after_threshold_lapses(synced: App, clock: FakeClock) -> None:
    svc.answer(synced, "stats-p-value", Grade.EASY)
    for _ in range(8):
        clock.advance(days=30)
        result = svc.answer(synced, "stats-p-value", Grade.AGAIN)
        clock.advance(minutes=15)
        if result.leech:
            break
        svc.answer(synced, "stats-p-value", Grade.EASY)
    assert result.leech and result.memory.lapses == 8
    assert [c.key for c in svc.leeches(synced)] == ["stats-p-value"]
    assert "stats-p-value" not in {i.candidate.key for i in today_queue(synced)}
    svc.undo(synced)
    assert svc.leeches(synced) == []


def test_suspend_bury_flag_forget(synced: App, clock: FakeClock) -> None:
    svc.set_suspended(synced, "term-mle", True)
    assert "term-mle" not in [i.candidate.key for i in today_queue(synced)]
    svc.set_suspended(synced, "term-mle", False)
    svc.bury(synced, "term-mle")
    assert "term-mle" not in [i.candidate.key for i in today_queue(synced)]
    clock.advance(days=1)
    assert "term-mle" in [i.candidate.key for i in today_queue(synced)]
    svc.set_flag(synced, "term-mle", 3)
    assert svc.card_info(synced, "term-mle").flag == 3
    svc.answer(synced, "term-mle", Grade.EASY)
    svc.forget(synced, "term-mle")
    info = svc.card_info(synced, "term-mle")
    assert info.memory.state == "new" and [h.kind for h in info.history] == ["review", "forget"]
    with pytest.raises(PrepError, match="flag 9 is not valid"):
        svc.set_flag(synced, "term-mle", 9)


def test_new_limit_counts_answers_already_given_today(synced: App, clock: FakeClock) -> None:
    synced.config.__dict__  # noqa: B018  (config is a cached property)
    object.__setattr__(synced, "config", synced.config.__class__(new_per_day=2))
    assert len(today_queue(synced)) == 2
    svc.answer(synced, "stats-p-value", Grade.EASY)
    assert [i.candidate.key for i in today_queue(synced)] == ["stats-clt:c1"]


def test_review_window_gives_the_same_queue_as_fetching_everything(
    synced: App, clock: FakeClock
) -> None:
    from prep.core.config import Config, DeckLimits
    from prep.core.days import day_bounds
    from prep.core.queue import build_queue
    from prep.store.candidates import done_today, queue_candidates
    from prep.store.reads import reading

    for key in (
        "stats-p-value",
        "stats-clt:c1",
        "stats-clt:c2",
        "behav-conflict",
        "term-mle",
        "term-mle:rev",
    ):
        svc.answer(synced, key, Grade.EASY)
        clock.advance(days=1)
    clock.advance(days=60)
    object.__setattr__(synced, "config", Config(deck_defaults=DeckLimits(reviews_per_day=2)))
    windowed = [(i.candidate.key, i.kind) for i in today_queue(synced)]
    start, end = day_bounds(clock.now, synced.timezone, 4)
    with reading(synced) as reader:
        done = done_today(reader, start)
        everything = queue_candidates(
            reader, clock.now, end, clock.now + timedelta(minutes=20), 10**6
        )
    expected = [
        (i.candidate.key, i.kind)
        for i in build_queue(everything, clock.now, end, synced.config, done)
    ]
    assert windowed == expected
    assert [k for k, kind in windowed if kind == "review"] == ["stats-p-value", "stats-clt:c1"]


def table_row(app: App, table: str, row_id: int) -> dict[str, object]:
    """Every column of one row, as stored."""
    from prep.store.models import Base

    t = Base.metadata.tables[table]
    with app.uow() as uow:
        return dict(uow.session.execute(select(t).where(t.c.id == row_id)).one()._mapping)


def test_answer_writes_exactly_the_log_and_card_rows(synced: App, clock: FakeClock) -> None:
    """Every column of the log row and of the card row, against a hand-built expectation,
    for a new card, then a lapse (with fuzz, a duration and days since the last review)."""
    import json
    import random
    from types import SimpleNamespace

    from prep.core.schedule import review
    from prep.store.repo import memory_values, to_db

    object.__setattr__(synced, "config", synced.config.__class__(leech_threshold=1))
    shown = svc.show(synced, "stats-p-value")
    before = table_row(synced, "cards", shown.id)
    scheduler = synced.scheduler_for("Stats::Testing")
    steps = [(Grade.EASY, None, 1234), (Grade.AGAIN, 20.5, None)]
    for number, (grade, elapsed, duration) in enumerate(steps, 1):
        if number == 2:
            clock.advance(days=20.5)
        rng = random.Random()
        rng.setstate(synced.rng.getstate())
        memory = memory_of(SimpleNamespace(**before))
        expected = review(scheduler, memory, grade, clock.now, shown.id, rng)
        result = svc.answer(
            synced,
            "stats-p-value",
            grade,
            expected_log_id=before["last_log_id"],
            duration_ms=duration,
        )
        assert result.memory == expected and result.reviewed_at == clock.now
        assert result.leech is (number == 2)  # the first lapse reaches a threshold of 1
        assert table_row(synced, "review_logs", result.log_id) == {
            "id": result.log_id,
            "card_id": shown.id,
            "kind": "review",
            "rating": int(grade),
            "reviewed_at": to_db(clock.now),
            "prior_state": memory.state,
            **memory_values(expected),
            "elapsed_days": elapsed,
            "duration_ms": duration,
            "parameters": json.dumps(list(scheduler.parameters)),
            "desired_retention": 0.9,
            "reverts_id": None,
            "deck": "Stats::Testing",
            "note_id": "stats-p-value",
        }
        after = {**before, **memory_values(expected), "last_log_id": result.log_id}
        if number == 2:
            after.update(leech=True, suspended=True, active=False)
        assert table_row(synced, "cards", shown.id) == after
        before = after
    assert log_count(synced) == 2


def test_a_note_id_names_its_only_card(app: App, deck_dir: Path) -> None:
    from tests.conftest import write_deck

    write_deck(deck_dir, "one.md", "---\ndeck: One\n---\n\n## one-gap {cloze}\nA {{c1::gap}}.\n")
    sync_decks(app)
    shown = svc.show(app, " one-gap ")
    assert (shown.key, shown.front, shown.back) == ("one-gap:c1", "A […].", "A **gap**.")
    result = svc.answer(app, "one-gap", Grade.GOOD, expected_log_id=shown.last_log_id)
    assert result.key == "one-gap:c1"
    assert svc.show(app, "one-gap:c1").last_log_id == result.log_id
