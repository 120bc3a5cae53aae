"""One smoke test of the real program in a pseudo-terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

from tests.conftest import SAMPLE_DECK, write_deck


def test_prep_in_a_terminal_opens_the_session(tmp_path: Path, isolated_env: Path) -> None:
    decks = tmp_path / "decks"
    write_deck(decks, "stats.md", SAMPLE_DECK)
    env = {**os.environ, "PREP_DECKS": str(decks), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "prep"],
        env=env,
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    try:
        child.expect("Streak: 0 days")
        child.expect("Today: ")
        child.expect("prep>")
        child.sendline("help")
        child.expect("quit \\(exit, q\\)")
        child.expect("prep>")
        child.sendline("review --deck Stats::Testing")
        child.expect("What does a p-value measure\\?")
        child.send("\r")
        child.expect("1 again")
        child.send("3")
        child.expect("stats-clt:c1")
        child.send("q")
        child.expect("1 answered; every answer is saved.")
        child.expect("prep>")
        child.sendline("quit")
        child.expect("Bye.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert (isolated_env / "history").read_text().count("help") == 1
