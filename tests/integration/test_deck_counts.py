"""`prep decks` counts: read from the queue's index, less the buried cards."""

from __future__ import annotations

from pathlib import Path

from prep.app import App
from prep.core.schedule import Grade
from prep.services import review as svc
from prep.services.deck_counts import DeckCounts, deck_counts
from prep.services.sync import sync_decks
from tests.conftest import FakeClock, write_deck


def test_counts_by_state_leave_out_buried_and_suspended_cards(
    app: App, clock: FakeClock, deck_dir: Path
) -> None:
    write_deck(
        deck_dir,
        "other.md",
        "---\ndeck: Other\n---\n\n## o-1\nQ: a?\nA: b.\n\n## o-2\nQ: c?\nA: d.\n",
    )
    sync_decks(app)
    svc.answer(app, "stats-p-value", Grade.EASY)
    svc.answer(app, "term-mle", Grade.EASY)
    clock.advance(days=60)  # both reviews are due
    svc.bury(app, "stats-p-value")
    svc.set_suspended(app, "behav-conflict", True)
    svc.answer(app, "stats-clt:c1", Grade.AGAIN)  # learning
    expected = [
        DeckCounts("Other", total=2, new=2, learning=0, due=0),
        # term-mle (due), stats-clt:c1 (learning), stats-clt:c2 and term-mle:rev (new)
        DeckCounts("Stats::Testing", total=4, new=2, learning=1, due=1),
    ]
    assert deck_counts(app) == expected
    if app.db_url is None:  # the same file through SQLAlchemy reads the same
        through_sqlalchemy = App(
            home=app.home, db_url=f"sqlite:///{app.home / 'prep.db'}", clock=clock
        )
        assert deck_counts(through_sqlalchemy) == expected
        through_sqlalchemy.engine.dispose()
    clock.advance(days=1)  # the burial ends at the rollover
    assert deck_counts(app)[1] == DeckCounts("Stats::Testing", 5, 2, 1, 2)
