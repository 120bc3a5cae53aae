from __future__ import annotations

from collections.abc import Callable

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from prep.app import App
from prep.cli.context import Context
from prep.repl.session import run_session


@pytest.fixture
def session_ctx(app: App, monkeypatch: pytest.MonkeyPatch) -> Context:
    """A CLI context on the test App (fake clock, sample deck, no shipped problems)."""
    monkeypatch.setattr("prep.services.problem_roots.shipped_dir", lambda name: None)
    ctx = Context(home=None, db_url=None)
    ctx._app = app
    return ctx


@pytest.fixture
def drive(session_ctx: Context, capsys: pytest.CaptureFixture[str]) -> Callable[[str], str]:
    """Run a whole session in-process on typed keys; return what it printed."""

    def run(keys: str) -> str:
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            run_session(session_ctx, input=pipe, output=DummyOutput())
        captured = capsys.readouterr()
        return captured.out + captured.err

    return run
