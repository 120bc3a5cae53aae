"""`prep optimize --retention`: a desired retention suggested by FSRS's workload simulator.

The simulator (fsrs-rs) plays a year of study of the scope's cards with the parameters in
effect, the user's daily limits and time goal, and their own rating habits and answer times
where the logs hold enough of them. Nothing is saved: the user sets the retention in config.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from prep.app import App
from prep.core.config import MAX_RETENTION, MIN_RETENTION
from prep.core.errors import PrepError
from prep.core.parameters import Choice
from prep.core.retention import (
    AnswerMix,
    Workload,
    answer_mix,
    retentions_to_show,
    state_rating_costs,
    workload,
)
from prep.services.optimize import current_choice, load_history
from prep.store.models import CardRow
from prep.store.repo import deck_filter

LEARN_SPAN_DAYS = 365


@dataclass(frozen=True)
class RetentionAdvice:
    deck: str | None
    parameters: Choice
    current: float
    suggested: float
    workloads: list[Workload]
    cards: int
    mix: AnswerMix
    warnings: list[str]


def suggest_retention(app: App, deck: str | None = None) -> RetentionAdvice:
    """The retention that costs the least study time per card remembered, with workloads."""
    from fsrs_rs_python import optimal_retention, simulate

    history = load_history(app, deck)
    warnings: list[str] = []
    choice = current_choice(app, deck, warnings)
    decks = _card_counts(app, deck)
    cards = sum(decks.values())
    if cards == 0:
        raise PrepError("no cards to simulate: run `prep sync` to load your decks first")
    mix = answer_mix(c.answers for c in history.cards)
    config = _simulator_config(app, deck, decks, mix)
    parameters = list(choice.parameters)
    try:
        best = float(optimal_retention(config, parameters))
    except Exception as exc:  # fsrs-rs reports its failures as plain exceptions
        raise PrepError(f"the workload simulator failed: {exc}") from None
    suggested = min(max(round(best, 2), MIN_RETENTION), MAX_RETENTION)
    seed = app.rng.randrange(2**31)
    rows = []
    for retention in retentions_to_show(app.config.desired_retention, suggested):
        result = simulate(parameters, retention, config, seed)
        rows.append(
            workload(
                retention,
                result.review_cnt_per_day,
                result.learn_cnt_per_day,
                result.cost_per_day,
                result.memorized_cnt_per_day,
            )
        )
    return RetentionAdvice(
        deck, choice, app.config.desired_retention, suggested, rows, cards, mix, warnings
    )


def _card_counts(app: App, deck: str | None) -> dict[str, int]:
    query = (
        select(CardRow.deck, func.count()).where(CardRow.removed.is_(False)).group_by(CardRow.deck)
    )
    if deck is not None:
        query = query.where(deck_filter(CardRow.deck, deck))
    with app.uow() as uow:
        return {name: int(n) for name, n in uow.session.execute(query).all()}


def _simulator_config(app: App, deck: str | None, decks: dict[str, int], mix: AnswerMix) -> Any:
    """fsrs-rs's simulator settings from prep's config, daily limits and the user's habits."""
    from fsrs_rs_python import default_simulator_config

    config = app.config
    if deck is not None:
        limits = config.limits_for(deck)
        learn_limit = min(limits.new_per_day, config.new_per_day)
        review_limit = limits.reviews_per_day
    else:
        tops = {name.split("::")[0] for name in decks}
        learn_limit = min(config.new_per_day, sum(config.limits_for(t).new_per_day for t in tops))
        review_limit = sum(config.limits_for(t).reviews_per_day for t in tops)
    if learn_limit == 0:
        raise PrepError(
            "the simulator plays a year of learning new cards, and your new-card limit for "
            f"{'this deck' if deck is not None else 'the collection'} is 0; raise "
            "[limits] new_per_day (or the deck's new_per_day) in config.toml to simulate"
        )
    sim = default_simulator_config()
    # Cards beyond what the new-card limit lets in within the year change nothing.
    sim.deck_size = max(1, min(sum(decks.values()), max(learn_limit, 1) * LEARN_SPAN_DAYS))
    sim.learn_span = LEARN_SPAN_DAYS
    sim.max_cost_perday = float(config.daily_goal_minutes * 60)
    sim.max_ivl = float(config.maximum_interval)
    sim.learn_limit = learn_limit
    sim.review_limit = review_limit
    sim.new_cards_ignore_review_limit = config.new_cards_ignore_review_limit
    sim.learning_step_count = len(config.learning_steps)
    sim.relearning_step_count = len(config.relearning_steps)
    sim.suspend_after_lapses = config.leech_threshold
    if mix.first_rating_prob is not None:
        sim.first_rating_prob = list(mix.first_rating_prob)
    if mix.review_rating_prob is not None:
        sim.review_rating_prob = list(mix.review_rating_prob)
    sim.state_rating_costs = state_rating_costs(sim.state_rating_costs, mix.seconds)
    return sim
