"""Synthetic learners, for the optimizer's tests and its benchmark.

A learner studies prep's cards on prep's own schedule — FSRS with the default parameters, the
default learning steps, prep's fuzz — while whether they actually recall a card is drawn from a
*true* FSRS memory with other parameters (TRUE_PARAMETERS). Fitting their logs should therefore
move away from the defaults, towards the truth. Everything is seeded: the same RNG gives the
same history.
"""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from fsrs import Scheduler
from sqlalchemy import select

from prep.app import App
from prep.core.config import Config
from prep.core.schedule import Grade, Memory, make_scheduler, retrievability, review
from prep.store.models import CardRow, ReviewLogRow
from prep.store.repo import memory_of, store_memory, to_db

# A learner who forgets faster than FSRS's defaults assume (lower initial stabilities, a
# steeper forgetting curve): all inside the scheduler's bounds.
TRUE_PARAMETERS = (
    0.1, 0.6, 1.4, 5.0, 6.8, 0.6, 2.4, 0.02, 1.3, 0.2, 0.85, 2.1, 0.09, 0.35, 1.7, 0.45, 2.2,
    0.6, 0.25, 0.12, 0.35,
)  # fmt: skip
FIRST_RATINGS = (Grade.AGAIN, Grade.HARD, Grade.GOOD, Grade.EASY)
FIRST_WEIGHTS = (0.2, 0.1, 0.55, 0.15)
PASS_RATINGS = (Grade.HARD, Grade.GOOD, Grade.EASY)
PASS_WEIGHTS = (0.15, 0.75, 0.10)


@dataclass(frozen=True)
class SimulatedAnswer:
    reviewed_at: datetime
    grade: Grade
    prior: Memory
    result: Memory
    duration_ms: int


def simulate_card(
    card_id: int,
    introduced: datetime,
    until: datetime,
    rng: random.Random,
    app_scheduler: Scheduler,
    true_scheduler: Scheduler,
) -> list[SimulatedAnswer]:
    """One card's answers from `introduced` until `until`, each on or after its due time."""
    answers: list[SimulatedAnswer] = []
    memory, truth, at = Memory(), Memory(), introduced
    while at < until:
        if truth.last_review is None:
            grade = rng.choices(FIRST_RATINGS, FIRST_WEIGHTS)[0]
        elif rng.random() > retrievability(true_scheduler, truth, at):
            grade = Grade.AGAIN
        else:
            grade = rng.choices(PASS_RATINGS, PASS_WEIGHTS)[0]
        result = review(app_scheduler, memory, grade, at, card_id, rng)
        truth = review(true_scheduler, truth, grade, at, card_id, None)
        answers.append(SimulatedAnswer(at, grade, memory, result, rng.randint(3_000, 30_000)))
        memory = result
        assert result.due is not None
        at = _next_sitting(result.due, at, rng)
    return answers


def _next_sitting(due: datetime, now: datetime, rng: random.Random) -> datetime:
    """Learning steps come back within the sitting; later reviews at a daily sitting."""
    if due - now < timedelta(hours=12):
        return due + timedelta(minutes=rng.randint(0, 5))
    day = due.date() + timedelta(days=1 if rng.random() < 0.1 else 0)  # sometimes a day late
    sitting = datetime.combine(day, time(9), tzinfo=UTC) + timedelta(minutes=rng.randint(0, 600))
    return max(sitting, due)


def simulate_learner(
    cards: int,
    start: datetime,
    until: datetime,
    rng: random.Random,
    new_per_day: int = 20,
    true_parameters: tuple[float, ...] = TRUE_PARAMETERS,
) -> list[list[SimulatedAnswer]]:
    """`cards` cards introduced `new_per_day` a day from `start`, studied until `until`."""
    app_scheduler = make_scheduler(Config())
    true_scheduler = make_scheduler(Config(), true_parameters)
    out = []
    for index in range(cards):
        introduced = start + timedelta(days=index // new_per_day, minutes=index % new_per_day)
        out.append(simulate_card(index + 1, introduced, until, rng, app_scheduler, true_scheduler))
    return out


def deck_text(count: int, deck: str) -> str:
    """A Markdown deck of `count` basic notes, ids sim-00001, sim-00002, …"""
    notes = "\n".join(
        f"## sim-{i:05d}\nQ: Question {i}?\nA: Answer {i}.\n" for i in range(1, count + 1)
    )
    return textwrap.dedent(f"---\ndeck: {deck}\n---\n\n") + notes


def write_sim_deck(root: Path, count: int, deck: str = "Sim::Memory") -> Path:
    path = root / f"{deck.replace('::', '-').lower()}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(deck_text(count, deck), encoding="utf-8")
    return path


def store_histories(app: App, histories: dict[str, list[SimulatedAnswer]]) -> int:
    """Write each card's answers as `prep review` would have; returns the number of rows.

    Cards are named by key and must exist (synced); each card's cached state becomes its last
    answer's result.
    """
    parameters = json.dumps(list(make_scheduler(Config()).parameters))
    rows = 0
    with app.uow(write=True) as uow:
        s = uow.session
        cards = {
            c.key: c for c in s.scalars(select(CardRow).where(CardRow.key.in_(list(histories))))
        }
        missing = set(histories) - set(cards)
        assert not missing, f"cards not synced: {sorted(missing)[:5]}"
        logs: list[tuple[CardRow, ReviewLogRow]] = []
        for key, answers in histories.items():
            card = cards[key]
            for a in answers:
                last = a.prior.last_review
                log = ReviewLogRow(
                    card_id=card.id,
                    kind="review",
                    rating=int(a.grade),
                    reviewed_at=to_db(a.reviewed_at),
                    prior_state=a.prior.state,
                    deck=card.deck,
                    note_id=key.split(":")[0],
                    elapsed_days=(a.reviewed_at - last).total_seconds() / 86400 if last else None,
                    duration_ms=a.duration_ms,
                    parameters=parameters,
                    desired_retention=0.9,
                )
                store_memory(log, a.result)
                logs.append((card, log))
        s.add_all([log for _, log in logs])
        s.flush()
        for card, log in logs:  # in order, so the last one of each card wins
            store_memory(card, memory_of(log))
            card.last_log_id = log.id
        rows = len(logs)
        uow.commit()
    return rows
