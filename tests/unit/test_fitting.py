"""The optimizer's pure parts against hand-computed fixtures (the working is in comments)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from prep.core.config import Config
from prep.core.days import study_day
from prep.core.fitting import (
    LoggedAnswer,
    Prediction,
    Step,
    StudyDayNumbers,
    forgetting_curve,
    fsrs_steps,
    live_reviews,
    log_loss,
    predictions,
    r_matrix_bin,
    replay_answers,
    rmse_bins,
    same_state,
    training_positions,
)
from prep.core.schedule import LEARNING, NEW, REVIEW, Grade, Memory, make_scheduler, review

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def answer(id: int, rating: int, at: datetime, prior: str = REVIEW) -> LoggedAnswer:
    return LoggedAnswer(id, "review", rating, at, prior)


def steps(*pairs: tuple[int, int]) -> list[Step]:
    return [Step(rating, delta, T0) for rating, delta in pairs]


def test_forgetting_curve_by_hand() -> None:
    # decay 0.5: factor = 0.9^(-1/0.5) - 1 = 1/0.81 - 1 = 19/81.
    # t = 5, S = 10: (1 + 19/81 * 0.5)^-0.5 = (181/162)^-0.5 = sqrt(162/181) = 0.946059
    assert forgetting_curve(5, 10, 0.5) == pytest.approx(0.946059, abs=1e-6)
    # t = 20, S = 10: (1 + 38/81)^-0.5 = sqrt(81/119) = 0.825029
    assert forgetting_curve(20, 10, 0.5) == pytest.approx(0.825029, abs=1e-6)
    # At t = S recall is 90% whatever the decay (that is what stability means).
    assert forgetting_curve(7, 7, 0.1542) == pytest.approx(0.9, abs=1e-12)
    assert forgetting_curve(0, 3, 0.2) == 1.0


def test_log_loss_by_hand() -> None:
    # -(ln 0.9 + ln(1 - 0.8)) / 2 = (0.1053605 + 1.6094379) / 2 = 0.8573992
    preds = [Prediction(0.9, True, (248, 4, 0)), Prediction(0.8, False, (248, 4, 0))]
    assert log_loss(preds) == pytest.approx(0.8573992, abs=1e-7)
    # Weighted: the pass counts 3 times: (3 * 0.1053605 + 1.6094379) / 4 = 0.4813799
    weighted = [Prediction(0.9, True, (1, 1, 0), 3.0), Prediction(0.8, False, (1, 1, 0))]
    assert log_loss(weighted) == pytest.approx(0.4813799, abs=1e-7)


def test_log_loss_of_a_certain_wrong_prediction_is_finite() -> None:
    # Predicting recall 1.0 for a failed review is clamped to 1 - 1e-7: -ln(1e-7) = 16.118
    assert log_loss([Prediction(1.0, False, (1, 1, 0))]) == pytest.approx(16.118, abs=1e-3)


def test_rmse_bins_by_hand() -> None:
    # Bin A: predicted 0.9 and 0.7 (mean 0.8), one pass one fail (0.5): gap 0.3, 2 reviews.
    # Bin B: predicted 0.6, passed (1.0): gap 0.4, 1 review.
    # sqrt((0.3^2 * 2 + 0.4^2 * 1) / 3) = sqrt(0.34 / 3) = 0.336650
    preds = [
        Prediction(0.9, True, (248, 4, 0)),
        Prediction(0.7, False, (248, 4, 0)),
        Prediction(0.6, True, (898, 4, 0)),
    ]
    assert rmse_bins(preds) == pytest.approx(0.336650, abs=1e-6)


def test_metrics_need_predictions() -> None:
    with pytest.raises(ValueError):
        log_loss([])
    with pytest.raises(ValueError):
        rmse_bins([])


def test_r_matrix_bins_by_hand() -> None:
    history = steps((1, 0), (3, 0), (3, 1), (1, 3), (3, 4))
    # i = 2: delta 1 -> 3.62^floor(log_3.62 1 = 0) -> 2.48 * 100 = 248.
    #   Later-day reviews so far: (3,1) -> 1, plus one = 2 -> 1.89^floor(1.09) -> 1.99 * 1.89 = 3.76
    #   -> 4. Lapses before it on a later day: none (the first Again was on day 0) -> 0.
    assert r_matrix_bin(history, 2) == (248, 4, 0)
    # i = 4: delta 4 -> floor(log_3.62 4 = 1.08) = 1 -> 2.48 * 3.62 * 100 = 897.76 -> 898.
    #   Later-day reviews: (3,1), (1,3), (3,4) = 3, plus one = 4 -> floor(log_1.89 4 = 2.18) = 2
    #   -> 1.99 * 1.89^2 = 7.11 -> 7. Lapses before: (1,3) -> 1 -> 1.65 * 1.73^0 -> 2.
    assert r_matrix_bin(history, 4) == (898, 7, 2)
    # delta 20 -> floor(log_3.62 20 = 2.33) = 2 -> 2.48 * 3.62^2 * 100 = 3249.9 -> 3250;
    # two earlier later-day lapses -> floor(log_1.73 2 = 1.26) = 1 -> 1.65 * 1.73 = 2.85 -> 3.
    history = steps((3, 0), (1, 2), (1, 1), (3, 20))
    assert r_matrix_bin(history, 3) == (3250, 7, 3)


def test_fsrs_steps_count_study_days_with_the_rollover() -> None:
    answers = [
        answer(1, 3, T0, NEW),  # study day 03-01
        answer(2, 3, T0 + timedelta(minutes=10), LEARNING),  # same day -> 0
        answer(3, 1, datetime(2026, 3, 2, 3, 0, tzinfo=UTC)),  # 03:00 is still 03-01 -> 0
        answer(4, 3, datetime(2026, 3, 2, 5, 0, tzinfo=UTC)),  # study day 03-02 -> 1
        answer(5, 4, datetime(2026, 3, 5, 23, 0, tzinfo=UTC)),  # study day 03-05 -> 3
    ]
    got = fsrs_steps(answers, StudyDayNumbers(UTC, 4))
    assert [(s.rating, s.delta_t) for s in got] == [(3, 0), (3, 0), (1, 0), (3, 1), (4, 3)]
    assert training_positions(got) == [3, 4]


def test_fsrs_steps_use_the_local_day() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")  # UTC+9, no DST
    answers = [
        answer(1, 3, datetime(2026, 3, 1, 18, 0, tzinfo=UTC), NEW),  # 03:00 JST 03-02 -> day 03-01
        answer(2, 3, datetime(2026, 3, 1, 20, 0, tzinfo=UTC)),  # 05:00 JST 03-02 -> day 03-02
    ]
    assert [s.delta_t for s in fsrs_steps(answers, StudyDayNumbers(tokyo, 4))] == [0, 1]
    assert [s.delta_t for s in fsrs_steps(answers, StudyDayNumbers(UTC, 4))] == [0, 0]


def test_study_day_numbers_agree_with_study_day_across_dst_changes() -> None:
    # Newfoundland (UTC-3:30, DST at 02:00 local) changes offset at half past a UTC hour, and
    # Lord Howe by 30 minutes; every instant every 7 minutes over a year of both must agree.
    for name in ("America/St_Johns", "Australia/Lord_Howe", "Europe/Paris"):
        zone = ZoneInfo(name)
        numbers = StudyDayNumbers(zone, 4)
        at = datetime(2026, 1, 1, tzinfo=UTC)
        while at < datetime(2027, 1, 1, tzinfo=UTC):
            assert numbers(at) == study_day(at, zone, 4).toordinal(), (name, at)
            at += timedelta(minutes=7)


def test_live_reviews_drop_undone_answers_and_start_after_the_last_forget() -> None:
    logs = [
        answer(1, 3, T0, NEW),
        answer(2, 1, T0 + timedelta(days=1)),
        LoggedAnswer(3, "undo", None, T0 + timedelta(days=1), REVIEW, reverts_id=2),
        answer(4, 3, T0 + timedelta(days=2)),
        LoggedAnswer(5, "reschedule", None, T0 + timedelta(days=3), REVIEW),
        answer(6, 4, T0 + timedelta(days=9)),
    ]
    live = live_reviews(logs)
    assert live is not None and [a.id for a in live] == [1, 4, 6]
    forgot = [
        *logs,
        LoggedAnswer(7, "forget", None, T0 + timedelta(days=10), REVIEW),
        answer(8, 2, T0 + timedelta(days=11), NEW),
    ]
    live = live_reviews(forgot)
    assert live is not None and [a.id for a in live] == [8]
    assert live_reviews(forgot[:7]) == []  # forgotten and not answered since


def test_live_reviews_refuse_a_history_without_its_first_review() -> None:
    assert live_reviews([answer(1, 3, T0, REVIEW), answer(2, 3, T0 + timedelta(days=3))]) is None


def test_predictions_use_the_stability_before_each_later_day_review() -> None:
    history = steps((3, 0), (3, 0), (3, 10), (1, 5))
    # Stability after each review; the prediction for review i uses the one after i - 1.
    preds = predictions(history, [1.0, 10.0, 20.0, 2.0], decay=0.5)
    # i = 2: t = 10, S = 10 -> 0.9, passed. i = 3: t = 5, S = 20 -> (1 + 19/81 / 4)^-0.5
    # = (343/324)^-0.5 = 0.971909, failed.
    assert [(round(p.recall, 6), p.passed) for p in preds] == [(0.9, True), (0.971909, False)]
    assert [p.bin for p in preds] == [r_matrix_bin(history, 2), r_matrix_bin(history, 3)]


def test_replay_answers_gives_what_answering_again_gives() -> None:
    scheduler = make_scheduler(Config())
    answers = [
        answer(1, 3, T0, NEW),
        answer(2, 3, T0 + timedelta(minutes=10), LEARNING),
        answer(3, 3, T0 + timedelta(days=3)),
        answer(4, 1, T0 + timedelta(days=12)),
    ]
    expected = Memory()
    for a in answers:
        expected = review(scheduler, expected, Grade(a.rating or 0), a.reviewed_at, 7, None)
    assert replay_answers(scheduler, answers, 7, None) == expected
    # With an RNG only the last answer is fuzzed, so only the due date may move.
    fuzzed = replay_answers(scheduler, answers[:3], 7, random.Random(1))
    plain = replay_answers(scheduler, answers[:3], 7, None)
    assert same_state(fuzzed, plain) and fuzzed.state == REVIEW


def test_same_state_ignores_due_but_not_memory() -> None:
    a = Memory(REVIEW, None, 10.0, 5.0, T0, T0 - timedelta(days=3), 4, 1)
    assert same_state(
        a, Memory(REVIEW, None, 10.0, 5.0, T0 + timedelta(days=2), a.last_review, 4, 1)
    )
    assert not same_state(a, Memory(REVIEW, None, 10.5, 5.0, T0, a.last_review, 4, 1))
    assert not same_state(a, Memory(REVIEW, None, 10.0, 5.0, T0, a.last_review, 5, 1))
