"""The in-memory today queue of a review session equals a queue built afresh at every step."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from prep.app import App
from prep.core.queue import QueueItem
from prep.core.schedule import Grade
from prep.services import today as today_module
from prep.services.review import answer
from prep.services.sync import sync_decks
from prep.services.today import NextCard, TodayQueue, today_queue
from tests.conftest import FakeClock, write_deck


def deck(name: str, prefix: str, notes: int) -> str:
    body = []
    for i in range(notes):
        if i % 4 == 0:  # siblings: a cloze note with two cards
            body.append(
                f"## {prefix}-{i} {{cloze}}\nThe {{{{c1::first}}}} and {{{{c2::second}}}} of {i}.\n"
            )
        else:
            body.append(f"## {prefix}-{i}\nQ: Question {i} in {name}?\nA: Answer {i}.\n")
    return f"---\ndeck: {name}\ntags: [queue]\n---\n\n" + "\n".join(body)


CONFIGS = {
    "defaults-due": "[limits]\nnew_per_deck = 6\nreviews_per_deck = 9\nnew_per_day = 14\n",
    "subdeck-limit-due": (
        "[limits]\nnew_per_deck = 6\nreviews_per_deck = 9\nnew_per_day = 14\n"
        '[deck."Topic::Small"]\nnew_per_day = 2\nreviews_per_day = 3\n'
    ),
    "retrievability": (
        '[scheduling]\norder = "retrievability"\n'
        "[limits]\nnew_per_deck = 5\nreviews_per_deck = 7\nnew_per_day = 12\n"
    ),
}


@pytest.fixture(params=sorted(CONFIGS))
def app(
    request: pytest.FixtureRequest, app: App, deck_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> App:
    write_deck(deck_dir, "topic-a.md", deck("Topic::A", "ta", 24))
    write_deck(deck_dir, "topic-small.md", deck("Topic::Small", "ts", 20))
    write_deck(deck_dir, "other.md", deck("Other", "ot", 24))
    (app.home / "config.toml").write_text(CONFIGS[request.param])
    # Small windows, so the in-memory queue runs out of fetched cards and must read again.
    monkeypatch.setattr(today_module, "SIBLING_MARGIN", 1)
    report = sync_decks(app)
    assert report.errors == []
    return app


def state(items: list[object]) -> list[tuple[str, str]]:
    return [(i.candidate.key, i.kind) for i in items]  # type: ignore[attr-defined]


def test_session_queue_matches_a_fresh_queue_at_every_step(app: App, clock: FakeClock) -> None:
    rng = random.Random(5)
    # Three days of study so that reviews fall due, then a long session that crosses midnight
    # and the day rollover.
    for _day in range(3):
        for item in today_queue(app)[:25]:
            answer(app, item.candidate.key, rng.choice([Grade.GOOD, Grade.GOOD, Grade.EASY]))
            clock.advance(seconds=30)
        clock.advance(days=1)
    session = TodayQueue(app)
    answered = 0
    for _step in range(160):
        # The session's next card and counts, from what it keeps, before the full queue.
        next_card = session.next_card()
        items = session.items()
        assert state(items) == state(fresh(app, session, clock)), f"after {answered} answers"
        if app.config.order == "due":
            assert state(items) == state(today_queue(app)), f"after {answered} answers (one look)"
        assert next_card == NextCard(items[0] if items else None, counts(items))
        if not items:
            clock.advance(hours=rng.choice([1, 3, 8]))
            continue
        # Mostly the next card, as a session does; now and then another (as `prep grade`).
        card = (items[0] if rng.random() < 0.9 else rng.choice(items)).candidate.key
        grade = rng.choice([Grade.AGAIN, Grade.HARD, Grade.GOOD, Grade.GOOD, Grade.EASY])
        result = answer(app, card, grade)
        session.answered(card, result.memory, result.leech)
        answered += 1
        clock.advance(minutes=rng.choice([0.5, 1, 2, 5, 12]))
    assert answered > 60
    # Most steps were served from memory, and most without ordering the whole queue again.
    assert session.reloads < answered / 3
    assert session.builds < answered / 2


def fresh(app: App, session: TodayQueue, clock: FakeClock) -> list[QueueItem]:
    """A queue read afresh now. In recall order a session ranks its cards by their recall
    when it read them (as Anki does), and two cards' recall can cross as time passes, so the
    fresh queue ranks them as of that moment too."""
    if app.config.order != "retrievability":
        return TodayQueue(app).items()
    now = clock.now
    clock.now = session.fetched_at
    try:
        queue = TodayQueue(app)
    finally:
        clock.now = now
    return queue.items()


def counts(items: list[QueueItem]) -> dict[str, int]:
    return {k: sum(1 for i in items if i.kind == k) for k in ("learning", "review", "new")}


@pytest.mark.parametrize("app", ["subdeck-limit-due"], indirect=True)
def test_a_session_on_one_deck_matches_a_fresh_queue_of_that_deck(
    app: App, clock: FakeClock
) -> None:
    rng = random.Random(11)
    for _day in range(2):
        for item in today_queue(app)[:30]:
            answer(app, item.candidate.key, rng.choice([Grade.AGAIN, Grade.GOOD, Grade.EASY]))
            clock.advance(seconds=40)
        clock.advance(days=1)
    session = TodayQueue(app, "Topic")
    for _step in range(40):
        next_card = session.next_card()
        items = session.items()
        assert state(items) == state(TodayQueue(app, "Topic").items())
        assert next_card == NextCard(items[0] if items else None, counts(items))
        if not items:
            break
        card = items[0].candidate.key
        result = answer(app, card, rng.choice([Grade.AGAIN, Grade.GOOD, Grade.GOOD]))
        session.answered(card, result.memory, result.leech)
        clock.advance(minutes=rng.choice([1, 4, 9]))
    assert session.builds < 20


def test_an_answer_from_elsewhere_is_picked_up(app: App, clock: FakeClock) -> None:
    session = TodayQueue(app)
    first = session.items()[0].candidate.key
    other = TodayQueue(app).items()[1].candidate.key
    result = answer(app, other, Grade.GOOD)  # another terminal answered this card
    session.answered(other, result.memory, result.leech)
    assert state(session.items()) == state(TodayQueue(app).items())
    assert first in [k for k, _ in state(session.items())]


def unwindowed(app: App) -> list[tuple[str, str]]:
    """The queue from every candidate, with no window: what the windows must reproduce."""
    from prep.core.days import day_bounds
    from prep.core.queue import build_queue
    from prep.store.candidates import done_today, queue_candidates
    from prep.store.reads import reading

    now = app.now()
    start, end = day_bounds(now, app.timezone, app.config.day_starts_at)
    until = now + timedelta(minutes=app.config.learn_ahead_minutes)
    with reading(app) as reader:
        done = done_today(reader, start)
        rows = queue_candidates(reader, now, end, until, 10**6)
    return state(build_queue(rows, now, end, app.config, done))


@pytest.mark.parametrize("app", ["defaults-due", "subdeck-limit-due"], indirect=True)
def test_windows_give_the_queue_every_candidate_would(app: App, clock: FakeClock) -> None:
    """Tiny windows (one card of margin) still give exactly the queue built from every card,
    also when a subdeck's own lower limit would otherwise starve its parent's window."""
    rng = random.Random(9)
    for _day in range(4):
        for item in today_queue(app)[:30]:
            answer(app, item.candidate.key, rng.choice([Grade.GOOD, Grade.EASY]))
            clock.advance(seconds=20)
        clock.advance(days=2)
    session = TodayQueue(app)
    for _step in range(40):
        assert state(session.items()) == unwindowed(app)
        items = session.items()
        if not items:
            break
        result = answer(app, items[0].candidate.key, Grade.GOOD)
        session.answered(items[0].candidate.key, result.memory, result.leech)
        clock.advance(minutes=3)


@pytest.mark.parametrize("app", ["subdeck-limit-due"], indirect=True)
def test_a_subdeck_with_a_lower_limit_does_not_starve_its_parent(
    app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Topic::Small's reviews are the most overdue but it may show only 3: the rest of
    Topic's 9 must come from Topic::A, beyond a window of Topic's 10 most overdue cards."""
    monkeypatch.setattr(today_module, "SIBLING_MARGIN", 4)  # a window of 13 Topic cards
    with app.uow() as uow:
        from sqlalchemy import select

        from prep.store.models import CardRow

        keys = dict(uow.session.execute(select(CardRow.key, CardRow.deck)).all())
    for deck in ("Topic::Small", "Topic::A"):
        for key in sorted(k for k, d in keys.items() if d == deck):
            answer(app, key, Grade.EASY)
        clock.advance(days=1)
    clock.advance(days=60)
    expected = unwindowed(app)
    decks = [keys[k] for k, kind in expected if kind == "review"]
    assert decks.count("Topic::Small") == 3 and decks.count("Topic::A") == 6
    assert state(TodayQueue(app).items()) == expected


@pytest.mark.parametrize("app", ["defaults-due"], indirect=True)
def test_large_groups_are_cut_at_their_window(
    app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every card overdue: each top-level deck holds more reviews than its window, so only
    those up to the window-th in due order are read, and the queue is still exact."""
    fetched: list[int] = []
    real = today_module.TodayQueue._fetch

    def spy(self: TodayQueue, extra: int) -> None:
        real(self, extra)
        fetched.append(sum(1 for c in self.candidates.values() if c.state == "review"))

    monkeypatch.setattr(today_module.TodayQueue, "_fetch", spy)
    with app.uow() as uow:
        from sqlalchemy import select

        from prep.store.models import CardRow

        keys = list(uow.session.scalars(select(CardRow.key)))
    for key in sorted(keys):
        answer(app, key, Grade.EASY)
        clock.advance(minutes=7)
    clock.advance(days=60)
    session = TodayQueue(app)
    assert fetched[-1] < len(keys)  # the windows cut the reviews read
    for _step in range(25):
        assert state(session.items()) == unwindowed(app)
        if not session.items():
            break
        item = session.items()[0]
        result = answer(app, item.candidate.key, Grade.GOOD)
        session.answered(item.candidate.key, result.memory, result.leech)
        clock.advance(minutes=2)


@pytest.mark.parametrize("app", ["retrievability"], indirect=True)
def test_recall_order_uses_each_decks_own_parameters(app: App, clock: FakeClock) -> None:
    """Reviews ordered by recall: a deck with fitted parameters of its own is judged by them."""
    from prep.core.parameters import Fitted
    from prep.core.schedule import retrievability
    from prep.services.review import show
    from prep.store.settings import save_fitted

    with app.uow() as uow:
        from sqlalchemy import select

        from prep.store.models import CardRow

        keys = list(uow.session.scalars(select(CardRow.key)))
    for key in sorted(keys):
        answer(app, key, Grade.GOOD)
        answer(app, key, Grade.GOOD)
        answer(app, key, Grade.GOOD)
    clock.advance(days=40)
    default = app.scheduler.parameters
    slow = (*default[:4], *(p * 1.0 for p in default[4:20]), min(0.8, default[20] * 3))
    with app.uow(write=True) as uow:
        save_fitted(uow.session, Fitted("Other", slow, app.now(), 500, 0.3, 0.05), app.now())
        uow.commit()
    app._fitted = None  # read the new fit, as a new process would
    app._schedulers.clear()
    session = TodayQueue(app)
    reviews = [c for c in session.candidates.values() if c.state == "review"]
    assert {c.deck for c in reviews} >= {"Other", "Topic::A"}
    for c in reviews:
        memory = show(app, c.key).memory
        expected = retrievability(app.scheduler_for(c.deck), memory, app.now())
        assert c.retrievability == pytest.approx(expected)
    other = next(c for c in reviews if c.deck == "Other")
    assert other.retrievability != pytest.approx(
        retrievability(app.scheduler_for(None), show(app, other.key).memory, app.now())
    )


@pytest.mark.parametrize("app", ["subdeck-limit-due"], indirect=True)
def test_sqlite3_and_sqlalchemy_readers_read_the_same_candidates(
    app: App, clock: FakeClock
) -> None:
    """`prep due` reads through the stdlib sqlite3 module; other paths through SQLAlchemy.
    Both run the same SQL and must give the same rows, windows and all."""
    if app.db_url is not None:
        pytest.skip("the sqlite3 reader is for the default SQLite collection")
    from prep.core.days import day_bounds
    from prep.store.candidates import done_today, queue_candidates
    from prep.store.reads import SessionReader, lite_reader

    rng = random.Random(3)
    for item in today_queue(app)[:25]:
        answer(app, item.candidate.key, rng.choice([Grade.AGAIN, Grade.GOOD, Grade.EASY]))
        clock.advance(seconds=30)
    clock.advance(days=30)
    now = app.now()
    start, end = day_bounds(now, app.timezone, app.config.day_starts_at)
    until = now + timedelta(hours=1)
    answer(app, today_queue(app)[0].candidate.key, Grade.GOOD)  # one answer today

    def read(reader: object) -> tuple[object, ...]:
        return tuple(
            (done_today(reader, start), sorted(queue_candidates(reader, now, end, until, 3, w, s, review_groups=g), key=lambda c: c.id))  # type: ignore[arg-type]
            for w in (None, 2)
            for s in (None, "Topic")
            for g in ("top", "deck")
        )  # fmt: skip

    with lite_reader(app) as lite:
        assert lite is not None
        through_sqlite3 = read(lite)
    with app.uow() as uow:
        through_sqlalchemy = read(SessionReader(uow.session))
    assert through_sqlite3 == through_sqlalchemy
    everything = through_sqlite3[0][1]
    assert {c.state for c in everything} >= {"learning", "review", "new"}  # type: ignore[attr-defined]


@pytest.mark.parametrize("app", ["defaults-due"], indirect=True)
def test_the_minutes_before_the_rollover_need_no_new_read(app: App, clock: FakeClock) -> None:
    from prep.core.days import day_bounds

    _, end = day_bounds(clock.now, app.timezone, app.config.day_starts_at)
    clock.now = end - timedelta(minutes=10)  # the learn-ahead window reaches past the rollover
    session = TodayQueue(app)
    first = session.next_card()
    for _ in range(5):
        clock.advance(seconds=30)
        assert session.next_card() == first
    assert session.reloads == 1
    clock.now = end  # a new study day: read again
    session.next_card()
    assert session.reloads == 2
