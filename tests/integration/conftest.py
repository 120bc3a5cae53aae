from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from prep.app import App
from tests.conftest import FakeClock


@pytest.fixture
def anki_app(isolated_env: Path, db_url: str | None, clock: FakeClock) -> Iterator[App]:
    """An App whose only deck directory is the user's own (where imports go)."""
    app = App(home=isolated_env, db_url=db_url, clock=clock, rng=random.Random(3))
    app.deck_dirs = lambda: [app.user_deck_dir.resolve()]  # type: ignore[method-assign]
    yield app
    if "engine" in app.__dict__:
        app.engine.dispose()
