"""What FSRS trains on, read from prep's review logs, and how well parameters predict it.

FSRS (and the fsrs-rs optimizer) sees a card as a sequence of (rating, delta_t) pairs:
`delta_t` is the number of whole study days since the card's previous review (0 for the first
review, and 0 again for another review on the same study day). A review on a later day than the
one before it is a prediction FSRS can be judged on — was the card recalled, as the forgetting
curve said it would be? — and each one is a training item.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, NamedTuple

from fsrs import Scheduler

from prep.core.days import study_day
from prep.core.schedule import NEW, Grade, Memory, review

# Log loss is undefined at a prediction of exactly 0 or 1.
_EPSILON = 1e-7
_QUARTER = 900  # seconds
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_UNKNOWN: Any = object()


class LoggedAnswer(NamedTuple):
    """One review-log row, as the optimizer needs it (a tuple: 50k are built per fit)."""

    id: int
    kind: str  # review | forget | undo | reschedule
    rating: int | None
    reviewed_at: datetime
    prior_state: str
    reverts_id: int | None = None
    duration_ms: int | None = None


class Step(NamedTuple):
    """One review as FSRS sees it."""

    rating: int
    delta_t: int
    reviewed_at: datetime


def live_reviews(logs: Sequence[LoggedAnswer]) -> list[LoggedAnswer] | None:
    """The card's answers since it was last new, oldest first.

    Undone answers and the undo rows themselves are left out, and so is everything before the
    last `forget`. Reschedule rows are not answers. None when the first answer left is not the
    card's first review (its history before that is unknown, so it cannot be replayed).
    """
    ordered = sorted(logs, key=lambda log: log.id)
    reverted = {log.reverts_id for log in ordered if log.kind == "undo"}
    live = [log for log in ordered if log.kind != "undo" and log.id not in reverted]
    forgets = [i for i, log in enumerate(live) if log.kind == "forget"]
    if forgets:
        live = live[forgets[-1] + 1 :]
    answers = [log for log in live if log.kind == "review" and log.rating is not None]
    if answers and answers[0].prior_state != NEW:
        return None
    return answers


class StudyDayNumbers:
    """The study day of an instant, as a day number (its date's ordinal), computed fast.

    A zone's UTC offset changes at most at quarter-hour instants, so it is looked up once per
    15 minutes of UTC time (twice, to catch a change inside the quarter), not per review.
    """

    def __init__(self, tz: tzinfo, rollover_hour: int) -> None:
        self.tz = tz
        self.rollover_hour = rollover_hour
        # Per quarter hour: seconds to add to a timestamp to land in the study day (the UTC
        # offset less the rollover), or None when the offset changes within the quarter.
        self.shifts: dict[int, int | None] = {}

    def __call__(self, at: datetime) -> int:
        stamp = at.timestamp()
        bucket = int(stamp // _QUARTER)
        shift = self.shifts.get(bucket, _UNKNOWN)
        if shift is _UNKNOWN:
            shift = self.shifts[bucket] = self._shift(bucket)
        if shift is None:
            return study_day(at, self.tz, self.rollover_hour).toordinal()
        return int((stamp + shift) // 86400) + _EPOCH_ORDINAL

    def _shift(self, bucket: int) -> int | None:
        start = datetime.fromtimestamp(bucket * _QUARTER, UTC)
        first = start.astimezone(self.tz).utcoffset()
        last = (start + timedelta(seconds=_QUARTER - 1)).astimezone(self.tz).utcoffset()
        if first is None or first != last:
            return None
        return int(first.total_seconds()) - self.rollover_hour * 3600


def fsrs_steps(
    answers: Sequence[LoggedAnswer], day_number: Callable[[datetime], int]
) -> list[Step]:
    """Ratings with the whole study days elapsed since the previous answer."""
    steps: list[Step] = []
    previous = None
    for answer in answers:
        day = day_number(answer.reviewed_at)
        delta = 0 if previous is None else max(0, day - previous)
        assert answer.rating is not None
        steps.append(Step(answer.rating, delta, answer.reviewed_at))
        previous = day
    return steps


def training_positions(steps: Sequence[Step]) -> list[int]:
    """Indexes of the reviews FSRS can be trained and judged on: later-day reviews."""
    return [i for i in range(1, len(steps)) if steps[i].delta_t > 0]


def forgetting_curve(elapsed_days: float, stability: float, decay: float) -> float:
    """FSRS-6's probability of recall; `decay` is the last parameter (w20), positive."""
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * elapsed_days / stability) ** -decay)


def r_matrix_bin(steps: Sequence[Step], i: int) -> tuple[int, int, int]:
    """The bin of review `i` for RMSE: elapsed days, review count and lapse count, log-spaced.

    Bin edges follow the FSRS benchmark's R-matrix: elapsed days on a base-3.62 scale, the
    number of later-day reviews so far (plus one) on a base-1.89 scale, and earlier later-day
    lapses on a base-1.73 scale (0 when none).
    """
    delta = steps[i].delta_t
    delta_bin = _round(2.48 * 3.62 ** math.floor(math.log(delta) / math.log(3.62)) * 100)
    length = sum(1 for s in steps[: i + 1] if s.delta_t > 0) + 1
    length_bin = _round(1.99 * 1.89 ** math.floor(math.log(length) / math.log(1.89)))
    lapses = sum(1 for s in steps[:i] if s.rating == Grade.AGAIN and s.delta_t > 0)
    if lapses == 0:
        return delta_bin, length_bin, 0
    lapse_bin = _round(1.65 * 1.73 ** math.floor(math.log(lapses) / math.log(1.73)))
    return delta_bin, length_bin, lapse_bin


def _round(x: float) -> int:
    """Half away from zero, as fsrs-rs rounds (Python's round() goes to even)."""
    return math.floor(x + 0.5)


class Prediction(NamedTuple):
    """What the model said before a review, and what happened."""

    recall: float
    passed: bool
    bin: tuple[int, int, int]
    weight: float = 1.0


def predictions(
    steps: Sequence[Step], stabilities: Sequence[float], decay: float
) -> list[Prediction]:
    """One prediction per training review; `stabilities[i]` is the stability after review i."""
    out = []
    for i in training_positions(steps):
        recall = forgetting_curve(steps[i].delta_t, stabilities[i - 1], decay)
        out.append(Prediction(recall, steps[i].rating > Grade.AGAIN, r_matrix_bin(steps, i)))
    return out


def log_loss(preds: Iterable[Prediction]) -> float:
    """Mean binary cross-entropy of predicted recall against pass (Hard/Good/Easy) or fail."""
    total = weights = 0.0
    for p in preds:
        r = min(max(p.recall, _EPSILON), 1 - _EPSILON)
        total -= p.weight * (math.log(r) if p.passed else math.log(1 - r))
        weights += p.weight
    if weights == 0:
        raise ValueError("no predictions to score")
    return total / weights


def rmse_bins(preds: Iterable[Prediction]) -> float:
    """Root mean squared gap between mean predicted and actual recall per bin.

    Each bin counts by its weight (its number of reviews when unweighted).
    """
    bins: dict[tuple[int, int, int], list[float]] = {}
    for p in preds:
        acc = bins.setdefault(p.bin, [0.0, 0.0, 0.0, 0.0])
        acc[0] += p.recall
        acc[1] += 1.0 if p.passed else 0.0
        acc[2] += 1
        acc[3] += p.weight
    weights = sum(acc[3] for acc in bins.values())
    if weights == 0:
        raise ValueError("no predictions to score")
    squared = sum((acc[0] / acc[2] - acc[1] / acc[2]) ** 2 * acc[3] for acc in bins.values())
    return math.sqrt(squared / weights)


def replay_answers(
    scheduler: Scheduler,
    answers: Sequence[LoggedAnswer],
    card_id: int,
    rng: random.Random | None,
) -> Memory:
    """The card's state after answering its live answers again with `scheduler`.

    Fuzz (when an RNG is given) is applied to the last answer only: earlier due dates are
    overwritten by the answers that followed them.
    """
    memory = Memory()
    for index, answer in enumerate(answers):
        assert answer.rating is not None
        last = index == len(answers) - 1
        memory = review(
            scheduler,
            memory,
            Grade(answer.rating),
            answer.reviewed_at,
            card_id,
            rng if last else None,
        )
    return memory


def same_state(a: Memory, b: Memory) -> bool:
    """True when two states schedule alike: due dates aside, which fuzz may move."""

    def close(x: float | None, y: float | None) -> bool:
        if x is None or y is None:
            return x is y
        return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))

    return (
        (a.state, a.step, a.reps, a.lapses, a.last_review)
        == (b.state, b.step, b.reps, b.lapses, b.last_review)
        and close(a.stability, b.stability)
        and close(a.difficulty, b.difficulty)
    )
