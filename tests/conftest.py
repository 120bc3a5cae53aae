"""Shared fixtures. Every test gets its own PREP_HOME; no test can reach real user data."""

from __future__ import annotations

import os
import random
import textwrap
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from prep.app import App

POSTGRES_URL = os.environ.get("PREP_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key in list(os.environ):
        if key.startswith("PREP_") and key != "PREP_TEST_POSTGRES_URL":
            monkeypatch.delenv(key)
    for key in ("EDITOR", "VISUAL", "TZ"):
        monkeypatch.delenv(key, raising=False)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PREP_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    return home


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


def write_deck(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


SAMPLE_DECK = """
---
deck: Stats::Testing
area: statistics
tags: [statistics]
---

## stats-p-value
Q: What does a p-value measure?
A: The probability, under the null, of a statistic at least as extreme as observed.
tags: hypothesis-testing, easy

## stats-clt {cloze}
The CLT: the {{c1::sampling distribution of the mean}} approaches a
{{c2::normal}} distribution as n grows.
tags: clt, medium

## behav-conflict {behavioral}
Q: Tell me about a disagreement with a teammate.
A: They listen for: understanding first, data, disagree and commit.
tags: conflict, collaboration, medium

## term-mle {reverse}
Q: Maximum likelihood estimation
A: Choosing parameters that maximise the probability of the observed data.
tags: estimation, easy
"""


def _postgres_schema_url() -> Iterator[str]:
    """A fresh schema-isolated database URL on the test PostgreSQL server."""
    assert POSTGRES_URL
    from sqlalchemy import create_engine, text

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, isolated_env: Path) -> Iterator[str | None]:
    """Run the test on embedded SQLite and, when a server is configured, on PostgreSQL."""
    if request.param == "sqlite":
        yield None
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not configured: set PREP_TEST_POSTGRES_URL (.ci/run does)")
    yield from _postgres_schema_url()


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    root = tmp_path / "decks"
    write_deck(root, "stats.md", SAMPLE_DECK)
    return root


@pytest.fixture
def app(isolated_env: Path, db_url: str | None, clock: FakeClock, deck_dir: Path) -> Iterator[App]:
    """An App on a fake clock with a seeded RNG, the sample deck, and no shipped decks."""
    application = App(
        home=isolated_env,
        db_url=db_url,
        clock=clock,
        rng=random.Random(7),
        extra_deck_dirs=(deck_dir,),
    )
    application.deck_dirs = lambda: [deck_dir.resolve()]  # type: ignore[method-assign]
    yield application
    if "engine" in application.__dict__:
        application.engine.dispose()
