"""`prep optimize` on histories from synthetic learners (tests/learners.py), SQLite and PostgreSQL."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs_rs_python
import pytest
from sqlalchemy import func, select

from prep.app import App
from prep.core.errors import NotFoundError, PrepError
from prep.core.fitting import Prediction, live_reviews, log_loss, replay_answers, rmse_bins
from prep.core.parameters import DEFAULTS, Fitted, decode
from prep.core.replay import replay
from prep.core.schedule import Grade, make_scheduler
from prep.services import optimize as svc
from prep.services import review
from prep.services.retention import suggest_retention
from prep.services.sync import sync_decks
from prep.store.models import CardRow, ReviewLogRow, SettingRow
from prep.store.repo import log_entries, memory_of
from prep.store.settings import save_fitted
from tests.learners import TRUE_PARAMETERS, simulate_learner, store_histories, write_sim_deck

START = datetime(2025, 10, 1, 9, tzinfo=UTC)
UNTIL = datetime(2026, 3, 1, 9, tzinfo=UTC)  # the app's clock stands at 2026-03-02 12:00


def learn(app: App, deck_dir: Path, cards: int, until: datetime = UNTIL) -> int:
    """Sync a deck of `cards` notes and give them a learner's history; returns the rows."""
    write_sim_deck(deck_dir, cards)
    sync_decks(app)
    histories = simulate_learner(cards, START, until, random.Random(5))
    return store_histories(app, {f"sim-{i:05d}": h for i, h in enumerate(histories, 1)})


@pytest.fixture
def learned(app: App, deck_dir: Path) -> App:
    learn(app, deck_dir, 150)
    return app


def settings(app: App) -> dict[str, str]:
    """The fitted parameters saved (the settings table holds other keys too)."""
    with app.uow() as uow:
        rows = uow.session.scalars(select(SettingRow).where(SettingRow.key.like("fsrs.%")))
        return {r.key: r.value for r in rows}


def reschedule_rows(app: App) -> int:
    with app.uow() as uow:
        query = select(func.count()).where(ReviewLogRow.kind == "reschedule")
        return int(uow.session.scalar(query) or 0)


def test_too_little_history_is_refused(app: App, deck_dir: Path) -> None:
    rows = learn(app, deck_dir, 12, START + timedelta(days=20))
    history = svc.load_history(app, None)
    assert history.reviews == rows and history.training_reviews < 400
    with pytest.raises(PrepError) as err:
        svc.optimize(app)
    assert str(err.value).startswith(
        f"not enough review history to optimize all decks: {history.training_reviews} of its "
        f"{rows} reviews (on 12 cards) can train FSRS and at least 400 are needed"
    )
    assert settings(app) == {} and reschedule_rows(app) == 0


def test_fit_beats_the_defaults_and_is_saved(learned: App) -> None:
    report = svc.optimize(learned)
    assert report.current.source == "FSRS defaults" and report.current.parameters == DEFAULTS
    assert report.history.training_reviews >= 400
    assert report.fitted_fit.log_loss < report.current_fit.log_loss
    assert report.fitted_fit.rmse_bins < report.current_fit.rmse_bins
    # The truth the learner was drawn from predicts about as well as the fit, far better than
    # the defaults: the fit moved towards it.
    truth = svc.evaluate(report.history, TRUE_PARAMETERS)
    assert abs(truth.log_loss - report.fitted_fit.log_loss) < (
        report.current_fit.log_loss - report.fitted_fit.log_loss
    )
    assert report.saved and report.settings_key == "fsrs.parameters"
    stored = decode("fsrs.parameters", settings(learned)["fsrs.parameters"])
    assert stored.parameters == report.fitted and stored.deck is None
    assert stored.log_loss == report.fitted_fit.log_loss
    assert stored.previous is not None and stored.previous["source"] == "FSRS defaults"
    assert report.rescheduled == 150 == reschedule_rows(learned)


def test_metrics_match_fsrs_rs_evaluate_with_its_recency_weights(learned: App) -> None:
    history = svc.load_history(learned, None)
    for parameters in (DEFAULTS, TRUE_PARAMETERS):
        preds = svc.history_predictions(history, parameters)
        # fsrs-rs weighs the i-th of n items (oldest first) 0.25 + 0.75 (i / (n - 1))^3.
        dated = sorted(zip(_review_times(history), preds, strict=True), key=lambda pair: pair[0])
        n = len(dated)
        weighted = [
            Prediction(p.recall, p.passed, p.bin, 0.25 + 0.75 * (i / (n - 1)) ** 3)
            for i, (_, p) in enumerate(dated)
        ]
        theirs = fsrs_rs_python.FSRS(list(parameters)).evaluate(svc.training_items(history))
        assert log_loss(weighted) == pytest.approx(theirs.log_loss, abs=2e-5)
        assert rmse_bins(weighted) == pytest.approx(theirs.rmse_bins, abs=2e-5)


def _review_times(history: svc.History) -> list[tuple[datetime, int]]:
    """Each training review's time, in the order history_predictions lists them."""
    out = []
    for card in history.cards:
        for i in range(1, len(card.steps)):
            if card.steps[i].delta_t > 0:
                out.append((card.steps[i].reviewed_at, len(out)))
    return out


def test_rescheduled_cards_are_the_replay_of_their_answers(learned: App) -> None:
    learned.config_path.write_text("[scheduling]\nfuzz = false\n")
    report = svc.optimize(learned)
    assert report.saved
    scheduler = make_scheduler(learned.config, report.fitted)
    with learned.uow() as uow:
        s = uow.session
        cards = s.scalars(select(CardRow).where(CardRow.deck == "Sim::Memory")).all()
        assert len(cards) == 150
        for card in cards:
            entries = log_entries(s, card.id)
            # Cached state == replay of the log, and the log ends with the reschedule row...
            assert memory_of(card) == replay(entries)
            last = s.get_one(ReviewLogRow, card.last_log_id)
            assert last.kind == "reschedule" and last.parameters is not None
            assert tuple(json.loads(last.parameters)) == report.fitted
            # ...whose state is what answering again with the fitted parameters gives.
            answers = live_reviews(svc._card_logs(s, card.id))
            assert answers
            assert memory_of(card) == replay_answers(scheduler, answers, card.id, None)


def test_a_worse_fit_is_not_saved(learned: App, monkeypatch: pytest.MonkeyPatch) -> None:
    first = svc.optimize(learned)
    before = settings(learned)
    rows = reschedule_rows(learned)
    # Fitting the same history again gives the same parameters: not better, nothing written.
    again = svc.optimize(learned)
    assert again.current.source == "fitted for all decks" and again.fitted == first.fitted
    assert not again.better and not again.saved and again.rescheduled == 0
    # A fit worse than the parameters in effect is not saved either.
    monkeypatch.setattr(svc, "fit", lambda history, steps: DEFAULTS)
    worse = svc.optimize(learned)
    assert worse.fitted_fit.log_loss > worse.current_fit.log_loss and not worse.saved
    assert settings(learned) == before and reschedule_rows(learned) == rows


def test_dry_run_saves_nothing(learned: App) -> None:
    report = svc.optimize(learned, dry_run=True)
    assert report.better and not report.saved
    assert settings(learned) == {} and reschedule_rows(learned) == 0


def test_the_scheduler_uses_fitted_parameters(learned: App) -> None:
    assert learned.scheduler.parameters == DEFAULTS
    report = svc.optimize(learned)
    assert learned.scheduler.parameters == report.fitted
    # A new process reads them from the collection.
    fresh = App(home=learned.home, db_url=learned.db_url, clock=learned.clock)
    assert fresh.scheduler_for("Sim::Memory").parameters == report.fitted
    fresh.engine.dispose()
    # Answering uses them and records them.
    answer = review.answer(learned, "stats-p-value", Grade.GOOD)
    with learned.uow() as uow:
        log = uow.session.get_one(ReviewLogRow, answer.log_id)
    assert log.parameters is not None and tuple(json.loads(log.parameters)) == report.fitted


def test_deck_parameters_win_over_global_ones_for_that_deck(learned: App) -> None:
    with learned.uow(write=True) as uow:
        earlier = Fitted("Sim", TRUE_PARAMETERS, learned.now(), 1000, 0.3, 0.05)
        save_fitted(uow.session, earlier, learned.now())
        uow.commit()
    assert learned.scheduler_for("Sim::Memory").parameters == TRUE_PARAMETERS
    # A fit for all decks is saved, but every reviewed card is in Sim, which has its own.
    everywhere = svc.optimize(learned)
    assert everywhere.current.source == "FSRS defaults" and everywhere.saved
    assert everywhere.rescheduled == 0 and reschedule_rows(learned) == 0
    assert learned.scheduler_for("Sim::Memory").parameters == TRUE_PARAMETERS
    assert learned.scheduler_for("Stats::Testing").parameters == everywhere.fitted
    # A fit for the deck replaces the deck's own parameters and reschedules its cards only.
    deck = svc.optimize(learned, deck="Sim")
    assert deck.current.source == "fitted for deck 'Sim'"
    assert deck.current.parameters == TRUE_PARAMETERS
    assert deck.saved and deck.settings_key == "fsrs.parameters:Sim" and deck.rescheduled == 150
    assert learned.scheduler_for("Sim::Memory").parameters == deck.fitted
    assert learned.scheduler_for("Stats::Testing").parameters == everywhere.fitted
    assert set(settings(learned)) == {"fsrs.parameters", "fsrs.parameters:Sim"}
    # The replaced deck parameters are kept inside the new record.
    stored = decode("fsrs.parameters:Sim", settings(learned)["fsrs.parameters:Sim"])
    assert stored.previous is not None
    assert stored.previous["replaced"]["parameters"] == list(TRUE_PARAMETERS)


def test_config_parameters_take_precedence(learned: App) -> None:
    listed = ", ".join(str(p) for p in DEFAULTS)
    learned.config_path.write_text(f"[scheduling]\nparameters = [{listed}]\n")
    report = svc.optimize(learned)
    assert report.current.source == "config.toml [scheduling] parameters"
    # Saved for later, but not used while config.toml names parameters: nothing rescheduled.
    assert report.saved and report.overridden and report.rescheduled == 0
    assert learned.scheduler_for("Sim::Memory").parameters == DEFAULTS
    assert reschedule_rows(learned) == 0


def test_undo_does_not_cross_a_reschedule(learned: App) -> None:
    svc.optimize(learned)
    with pytest.raises(PrepError, match="`prep optimize` has rescheduled the card"):
        review.undo(learned)
    # Answers after the reschedule undo as usual.
    review.answer(learned, "sim-00001", Grade.GOOD)
    key, memory = review.undo(learned)
    with learned.uow() as uow:
        card = uow.session.scalars(select(CardRow).where(CardRow.key == key)).one()
        entries = log_entries(uow.session, card.id)
        assert key == "sim-00001" and entries[-1].kind == "undo"
        assert memory_of(card) == memory == replay(entries) == entries[-3].memory
        assert entries[-3].kind == "reschedule"


def test_an_answer_during_the_fit_is_replayed_inside_the_transaction(learned: App) -> None:
    learned.config_path.write_text("[scheduling]\nfuzz = false\n")
    answered: list[int] = []

    def progress(stage: str, done: int, total: int) -> None:
        # Between the replays and the write transaction another session answers a card.
        if stage == "replaying reviews" and done == total and not answered:
            answered.append(review.answer(learned, "sim-00002", Grade.AGAIN).log_id)

    report = svc.optimize(learned, progress=progress)
    assert report.saved and answered
    scheduler = make_scheduler(learned.config, report.fitted)
    with learned.uow() as uow:
        s = uow.session
        card = s.scalars(select(CardRow).where(CardRow.key == "sim-00002")).one()
        answers = live_reviews(svc._card_logs(s, card.id))
        assert answers and answers[-1].id == answered[0]
        assert memory_of(card) == replay_answers(scheduler, answers, card.id, None)
        assert memory_of(card) == replay(log_entries(s, card.id))


def test_a_failure_midway_leaves_nothing_half_done(
    learned: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    def snapshot() -> list[tuple[int, str, int | None]]:
        with learned.uow() as uow:
            rows = uow.session.execute(select(CardRow.id, CardRow.state, CardRow.last_log_id))
            return sorted(tuple(r) for r in rows)

    before = snapshot()
    monkeypatch.setattr(svc, "BATCH", 50)  # 150 cards: three batches
    real = svc._reschedule_batch
    calls: list[int] = []

    def dies_on_the_second_batch(*args: object) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if prep were stopped mid-way
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(svc, "_reschedule_batch", dies_on_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        svc.optimize(learned)
    assert settings(learned) == {} and reschedule_rows(learned) == 0 and snapshot() == before
    assert learned.fitted_parameters() == {}


def test_unreadable_stored_parameters_are_an_error_until_refitted(learned: App) -> None:
    from prep.store.settings import fitted_rows

    with learned.uow(write=True) as uow:
        uow.session.add(
            SettingRow(
                key="fsrs.parameters",
                value='{"parameters": [1, 2]}',
                updated_at=datetime(2026, 1, 1),
            )
        )
        uow.commit()
    with pytest.raises(PrepError) as err:
        review.answer(learned, "sim-00001", Grade.GOOD)
    assert str(err.value) == (
        "the fitted FSRS parameters saved under settings key 'fsrs.parameters' are not usable: "
        "it holds 2 parameters; this version of FSRS takes 21; run `prep optimize` for that "
        "scope to replace them"
    )
    report = svc.optimize(learned)
    assert report.warnings == [
        "ignoring the fitted parameters under settings key 'fsrs.parameters': it holds 2 "
        "parameters; this version of FSRS takes 21"
    ]
    assert report.replaces_unusable and report.saved
    with learned.uow() as uow:
        stored = fitted_rows(uow.session)["fsrs.parameters"]
    previous = decode("fsrs.parameters", stored).previous
    assert previous is not None and previous["replaced"] == {"parameters": [1, 2]}
    assert learned.scheduler_for("Sim::Memory").parameters == report.fitted


def test_unknown_deck_is_an_error(learned: App) -> None:
    with pytest.raises(NotFoundError, match="no deck named 'Nope'"):
        svc.optimize(learned, deck="Nope")


def test_retention_is_suggested_and_nothing_changes(learned: App) -> None:
    advice = suggest_retention(learned)
    assert 0.70 <= advice.suggested <= 0.99
    shown = [w.retention for w in advice.workloads]
    assert shown == sorted(shown) and 0.9 in shown and advice.suggested in shown
    assert advice.mix.first_rating_prob is not None  # 150 first answers of the learner's own
    # More retention costs more reviews.
    by_retention = {w.retention: w for w in advice.workloads}
    assert by_retention[0.95].reviews_per_day > by_retention[0.75].reviews_per_day
    assert not learned.config_path.exists() and settings(learned) == {}
