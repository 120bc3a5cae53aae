"""`prep optimize`: fit FSRS parameters to the user's own reviews, keep them if they predict
better, and reschedule the cards they now apply to.

Fitting runs in fsrs-rs (the fsrs-rs-python package, imported only here). The metrics shown are
computed by prep (prep.core.fitting) from the memory states fsrs-rs reports. Rescheduling
appends a `reschedule` row to each affected card's log holding the state that replaying its
answers with the new parameters gives, so a card's state stays the replay of its log; the
fitted parameters and every reschedule row are written in one transaction.
"""

from __future__ import annotations

import gc
import json
import math
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from prep.app import App
from prep.core.errors import ConflictError, PrepError
from prep.core.fitting import (
    LoggedAnswer,
    Prediction,
    Step,
    StudyDayNumbers,
    fsrs_steps,
    live_reviews,
    log_loss,
    predictions,
    replay_answers,
    rmse_bins,
    same_state,
    training_positions,
)
from prep.core.parameters import (
    Choice,
    Fitted,
    Parameters,
    decode_all,
    parameters_for,
    scope_name,
    settings_key,
    usable,
)
from prep.core.schedule import NEW, Memory, make_scheduler
from prep.services.progress import Progress
from prep.services.today import check_deck_exists
from prep.store.models import CardRow, ReviewLogRow
from prep.store.reads import SessionReader, utc_at
from prep.store.repo import deck_filter, memory_of, store_memory, to_db
from prep.store.settings import fitted_rows, save_fitted

if TYPE_CHECKING:
    from fsrs import Scheduler

# Anki 24.04 refused to optimize below 400 reviews; fsrs-rs itself only pre-trains the first
# four parameters below 64 training items and returns the defaults below 8.
MIN_TRAINING_REVIEWS = 400
BATCH = 500


@dataclass(frozen=True)
class CardHistory:
    """One card's answers since it was last new, as FSRS sees them."""

    card_id: int
    deck: str
    note_id: str
    last_log_id: int
    answers: list[LoggedAnswer]
    steps: list[Step]


@dataclass(frozen=True)
class History:
    """The review history of a scope (one deck and its children, or all decks)."""

    deck: str | None
    cards: list[CardHistory]
    reviews: int  # answers in force on those cards
    unreplayable: int  # cards whose log does not start at their first review

    @property
    def training_reviews(self) -> int:
        return sum(len(training_positions(c.steps)) for c in self.cards)

    @property
    def cards_with_reviews(self) -> int:
        return sum(1 for c in self.cards if c.answers)


@dataclass(frozen=True)
class Evaluation:
    log_loss: float
    rmse_bins: float
    reviews: int


@dataclass(frozen=True)
class OptimizeReport:
    deck: str | None
    history: History
    current: Choice
    current_fit: Evaluation
    fitted: Parameters
    fitted_fit: Evaluation
    dry_run: bool
    settings_key: str = ""  # where the fit was saved; empty: not saved
    overridden: bool = False  # config.toml's parameters win over the fitted ones
    rescheduled: int = 0
    warnings: list[str] = field(default_factory=list)
    replaces_unusable: bool = False  # the value stored for this scope could not be read

    @property
    def saved(self) -> bool:
        return bool(self.settings_key)

    @property
    def better(self) -> bool:
        return self.fitted_fit.log_loss < self.current_fit.log_loss


def optimize(
    app: App, deck: str | None = None, dry_run: bool = False, progress: Progress | None = None
) -> OptimizeReport:
    """Fit, compare with the parameters in effect, and (unless a dry run) save and reschedule."""
    history, fitted = fit_parameters(app, deck)
    warnings: list[str] = []
    unusable: set[str] = set()
    current = parameters_for(app.config.parameters, stored_fitted(app, warnings, unusable), deck)
    with _many_small_objects():
        current_fit = evaluate(history, current.parameters)
        fitted_fit = evaluate(history, fitted)
    replaces_unusable = settings_key(deck) in unusable
    report = OptimizeReport(
        deck,
        history,
        current,
        current_fit,
        fitted,
        fitted_fit,
        dry_run,
        warnings=warnings,
        replaces_unusable=replaces_unusable,
    )
    if dry_run or not (report.better or replaces_unusable):
        return report
    saved = Fitted(
        deck,
        fitted,
        app.now(),
        fitted_fit.reviews,
        fitted_fit.log_loss,
        fitted_fit.rmse_bins,
        previous={
            "parameters": list(current.parameters),
            "source": current.source,
            "log_loss": current_fit.log_loss,
            "rmse_bins": current_fit.rmse_bins,
        },
    )
    key, rescheduled = _save_and_reschedule(app, history, saved, progress)
    return replace(
        report,
        settings_key=key,
        overridden=app.config.parameters is not None,
        rescheduled=rescheduled,
    )


def fit_parameters(app: App, deck: str | None) -> tuple[History, Parameters]:
    """Read the scope's history and fit FSRS to it: the path DESIGN §7 budgets (50k logs, 1 s).

    Refuses below the minimum history.
    """
    with _many_small_objects():
        history = load_history(app, deck)
        require_enough(history)
        return history, fit(history, len(app.config.relearning_steps))


def load_history(app: App, deck: str | None) -> History:
    """Every card's live answers in the scope, read in one query."""
    with app.uow() as uow, _many_small_objects():
        s = uow.session
        if deck is not None:
            check_deck_exists(SessionReader(s), deck)
        query = (
            select(
                ReviewLogRow.card_id,
                ReviewLogRow.id,
                ReviewLogRow.kind,
                ReviewLogRow.rating,
                type_coerce(ReviewLogRow.reviewed_at, String),
                ReviewLogRow.prior_state,
                ReviewLogRow.reverts_id,
                ReviewLogRow.duration_ms,
                ReviewLogRow.note_id,
                CardRow.deck,
            )
            .join(CardRow, CardRow.id == ReviewLogRow.card_id)
            .order_by(ReviewLogRow.card_id, ReviewLogRow.id)
        )
        if deck is not None:
            query = query.where(deck_filter(CardRow.deck, deck))
        # Through the connection, reviewed_at as stored: no ORM row processing (DESIGN §7).
        rows = s.connection().execute(query).all()
        cards: list[CardHistory] = []
        reviews = unreplayable = 0
        day_number = StudyDayNumbers(app.timezone, app.config.day_starts_at)
        for card_id, group in _by_card(rows):
            logs = [LoggedAnswer(r[1], r[2], r[3], utc_at(r[4]), r[5], r[6], r[7]) for r in group]
            answers = live_reviews(logs)
            if answers is None:
                unreplayable += 1
                continue
            reviews += len(answers)
            last = group[-1]
            steps = fsrs_steps(answers, day_number)
            cards.append(CardHistory(card_id, last[9], last[8], last[1], answers, steps))
    return History(deck, cards, reviews, unreplayable)


@contextmanager
def _many_small_objects() -> Iterator[None]:
    """Pause the cycle collector while tens of thousands of acyclic tuples are built.

    Each of its passes walks every young object; at 50k review logs they cost a third of the
    time of reading the history (DESIGN §7 budgets the whole fit at 1 s).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _by_card(rows: Sequence[Any]) -> Iterator[tuple[int, list[Any]]]:
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i][0] != rows[start][0]:
            yield rows[start][0], list(rows[start:i])
            start = i


def require_enough(history: History) -> None:
    """Refuse below the minimum history, saying how much there is and what counts."""
    usable_reviews = history.training_reviews
    if usable_reviews >= MIN_TRAINING_REVIEWS:
        return
    raise PrepError(
        f"not enough review history to optimize {scope_name(history.deck)}: "
        f"{usable_reviews} of its {history.reviews} reviews (on {history.cards_with_reviews} "
        f"cards) can train FSRS and at least {MIN_TRAINING_REVIEWS} are needed — a review "
        "counts when it comes on a later study day than the card's previous one; keep "
        "reviewing and run `prep optimize` again later"
    )


def stored_fitted(
    app: App, warnings: list[str], unusable: set[str] | None = None
) -> dict[str | None, Parameters]:
    """Fitted parameters by deck; an unusable stored value is skipped with a warning."""
    with app.uow() as uow:
        fitted, problems = decode_all(fitted_rows(uow.session))
    for key, problem in problems.items():
        warnings.append(f"ignoring the fitted parameters under settings key '{key}': {problem}")
    if unusable is not None:
        unusable.update(problems)
    return fitted


def current_choice(app: App, deck: str | None, warnings: list[str]) -> Choice:
    """The parameters in effect for the scope."""
    return parameters_for(app.config.parameters, stored_fitted(app, warnings), deck)


def training_items(history: History) -> list[Any]:
    """fsrs-rs training items, oldest last review first (the optimizer weights recent ones)."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    dated: list[tuple[datetime, int, Any]] = []
    with _many_small_objects():
        for card in history.cards:
            positions = training_positions(card.steps)
            if not positions:
                continue
            reviews = [FSRSReview(s.rating, s.delta_t) for s in card.steps]
            for i in positions:
                dated.append((card.steps[i].reviewed_at, len(dated), FSRSItem(reviews[: i + 1])))
    dated.sort(key=lambda d: (d[0], d[1]))
    return [item for _, _, item in dated]


def fit(history: History, relearning_steps: int) -> Parameters:
    """Parameters fitted by fsrs-rs to the history's training reviews."""
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    items = training_items(history)
    # compute_parameters drops outliers itself (fsrs-rs's filter_outlier on the first-interval
    # buckets) and weighs recent items more; the items must be in time order for that.
    try:
        raw = FSRS(DEFAULT_PARAMETERS).compute_parameters(
            items, enable_short_term=True, num_relearning_steps=relearning_steps
        )
        return usable(raw)
    except Exception as exc:  # fsrs-rs reports its failures as plain exceptions
        raise PrepError(
            f"fitting FSRS to {len(items)} reviews failed: {exc}; "
            "the parameters in effect were left as they are"
        ) from None


def evaluate(history: History, parameters: Sequence[float]) -> Evaluation:
    """Log loss and RMSE (bins) of `parameters` over every training review."""
    preds = history_predictions(history, parameters)
    return Evaluation(log_loss(preds), rmse_bins(preds), len(preds))


def history_predictions(history: History, parameters: Sequence[float]) -> list[Prediction]:
    """The recall `parameters` predicted before each training review."""
    from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

    cards = [c for c in history.cards if training_positions(c.steps)]
    out: list[Prediction] = []
    with _many_small_objects():
        items = [FSRSItem([FSRSReview(s.rating, s.delta_t) for s in c.steps]) for c in cards]
        states = FSRS(list(parameters)).historical_memory_state_batch(items)
        decay = parameters[-1]
        for card, card_states in zip(cards, states, strict=True):
            out += predictions(card.steps, [m.stability for m in card_states], decay)
    if not out or not all(math.isfinite(p.recall) for p in out):
        raise PrepError("the FSRS parameters gave no usable predictions for this history")
    return out


def _save_and_reschedule(
    app: App, history: History, fitted: Fitted, progress: Progress | None
) -> tuple[str, int]:
    """Save the parameters and reschedule the cards they apply to, in one transaction.

    The replays are computed first, outside the write transaction; inside it each card is
    locked and replayed again only if it was answered meanwhile.
    """
    key = settings_key(fitted.deck)
    in_effect = stored_fitted(app, [])
    in_effect[fitted.deck] = fitted.parameters
    affected = [
        card
        for card in history.cards
        if card.answers
        and parameters_for(app.config.parameters, in_effect, card.deck).fitted_for == key
    ]
    scheduler = make_scheduler(app.config, fitted.parameters)
    rng = app.rng if app.config.fuzz else None
    planned: dict[int, tuple[CardHistory, Memory]] = {}
    for done, card in enumerate(affected, 1):
        planned[card.card_id] = (card, replay_answers(scheduler, card.answers, card.card_id, rng))
        if progress is not None and (done % BATCH == 0 or done == len(affected)):
            progress("replaying reviews", done, len(affected))
    rescheduled = 0
    now = app.now()
    try:
        with app.uow(write=True) as uow:
            s = uow.session
            saved_key = save_fitted(s, fitted, now)
            ids = list(planned)
            for start in range(0, len(ids), BATCH):
                batch = ids[start : start + BATCH]
                rescheduled += _reschedule_batch(
                    app, s, scheduler, rng, fitted, now, batch, planned
                )
                if progress is not None:
                    progress("rescheduling cards", min(start + BATCH, len(ids)), len(ids))
            uow.commit()
    except IntegrityError:
        raise ConflictError(
            "another `prep optimize` saved parameters at the same moment; nothing was changed, "
            "run it again"
        ) from None
    app.forget_fitted_parameters()
    return saved_key, rescheduled


def _reschedule_batch(
    app: App,
    s: Session,
    scheduler: Scheduler,
    rng: random.Random | None,
    fitted: Fitted,
    now: datetime,
    ids: list[int],
    planned: dict[int, tuple[CardHistory, Memory]],
) -> int:
    """Append a reschedule row to each card of the batch whose state changes; count them."""
    rows = s.scalars(select(CardRow).where(CardRow.id.in_(ids)).with_for_update()).all()
    parameters = json.dumps(list(fitted.parameters))
    changed: list[tuple[CardRow, ReviewLogRow]] = []
    for card in rows:
        history, memory = planned[card.id]
        if card.last_log_id != history.last_log_id:
            # Answered (or undone) since the history was read: replay what is there now.
            answers = live_reviews(_card_logs(s, card.id))
            if not answers:
                continue
            memory = replay_answers(scheduler, answers, card.id, rng)
        current = memory_of(card)
        if current.state == NEW or same_state(current, memory):
            continue
        log = ReviewLogRow(
            card_id=card.id,
            kind="reschedule",
            rating=None,
            reviewed_at=to_db(now),
            prior_state=card.state,
            deck=card.deck,
            note_id=history.note_id,
            parameters=parameters,
            desired_retention=app.config.desired_retention,
        )
        store_memory(log, memory)
        s.add(log)
        changed.append((card, log))
    s.flush()
    for card, log in changed:
        store_memory(card, memory_of(log))
        card.last_log_id = log.id
    return len(changed)


def _card_logs(s: Session, card_id: int) -> list[LoggedAnswer]:
    rows = s.execute(
        select(
            ReviewLogRow.id,
            ReviewLogRow.kind,
            ReviewLogRow.rating,
            ReviewLogRow.reviewed_at,
            ReviewLogRow.prior_state,
            ReviewLogRow.reverts_id,
            ReviewLogRow.duration_ms,
        )
        .where(ReviewLogRow.card_id == card_id)
        .order_by(ReviewLogRow.id)
    ).all()
    return [LoggedAnswer(r[0], r[1], r[2], utc_at(r[3]), r[4], r[5], r[6]) for r in rows]
