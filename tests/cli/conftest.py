from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from prep.cli.main import cli
from tests.conftest import SAMPLE_DECK, write_deck


@pytest.fixture
def user_decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "user-decks"
    write_deck(root, "stats.md", SAMPLE_DECK)
    monkeypatch.setenv("PREP_DECKS", str(root))
    monkeypatch.setattr("prep.app.shipped_dir", lambda name: None)
    monkeypatch.setattr("prep.services.problem_roots.shipped_dir", lambda name: None)
    return root


@pytest.fixture
def run(user_decks: Path) -> Callable[..., Result]:
    """Invoke `prep` in-process; fails loudly on a traceback."""

    def invoke(*args: str, input: str | None = None, code: int | None = 0) -> Result:
        result = CliRunner().invoke(cli, list(args), input=input, env=dict(os.environ))
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        if code is not None:
            assert result.exit_code == code, result.output
        return result

    return invoke
