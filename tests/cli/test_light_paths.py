"""`prep due`, `prep today` and `prep decks` on a settled SQLite collection read it without
SQLAlchemy (DESIGN §7 times the first two at 100k cards), and print what the SQLAlchemy path
prints."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

PROBE = """
import sys
from prep.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert not exc.code, exc.code
print("SQLALCHEMY LOADED" if "sqlalchemy" in sys.modules else "NO SQLALCHEMY", file=sys.stderr)
"""


def prep(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=True
    )


@pytest.fixture
def settled(run: Callable[..., Result], isolated_env: Path, user_decks: Path) -> dict[str, str]:
    """A collection synced and backed up today, answered a little: the state of most runs."""
    run("grade", "stats-p-value", "good")
    run("grade", "stats-clt:c1", "again")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREP_")}
    env.update(PREP_HOME=str(isolated_env), PREP_DECKS=str(user_decks), NO_COLOR="1")
    prep(["today"], env)  # the first run in this environment syncs decks and problems
    return env


@pytest.mark.parametrize(
    "args", [["due", "--json"], ["today"], ["today", "--json"], ["decks", "--json"]]
)
def test_a_settled_collection_is_read_without_sqlalchemy(
    settled: dict[str, str], isolated_env: Path, args: list[str]
) -> None:
    light = prep(args, settled)
    assert light.stderr.strip().splitlines()[-1] == "NO SQLALCHEMY"
    # The same file through SQLAlchemy (a --db URL always takes that path) prints the same.
    url = f"sqlite:///{isolated_env / 'prep.db'}"
    full = prep(["--db", url, *args], settled)
    assert full.stderr.strip().splitlines()[-1] == "SQLALCHEMY LOADED"
    assert light.stdout == full.stdout
    assert light.stdout.strip()


def test_a_changed_deck_file_takes_the_sqlalchemy_path_and_syncs_it(
    settled: dict[str, str], user_decks: Path
) -> None:
    path = user_decks / "stats.md"
    path.write_text(path.read_text() + "\n## stats-new\nQ: A new question?\nA: Its answer.\n")
    changed = prep(["due", "--deck", "Stats", "--json"], settled)
    assert changed.stderr.strip().splitlines()[-1] == "SQLALCHEMY LOADED"
    assert "stats-new" in changed.stdout
    again = prep(["due", "--deck", "Stats", "--json"], settled)
    assert again.stderr.strip().splitlines()[-1] == "NO SQLALCHEMY"
    assert again.stdout == changed.stdout
