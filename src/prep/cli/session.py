"""The interactive review loop behind `prep review`."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from contextvars import ContextVar

import click

from prep.app import App
from prep.cli.context import console
from prep.core.errors import ConflictError, PrepError
from prep.core.notes import NoteType
from prep.core.queue import QueueItem
from prep.core.schedule import GRADE_KEYS, Grade
from prep.render.text import interval, markdown

FRONT_KEYS = "enter reveal · e edit · s suspend · b bury · f flag · u undo · q quit"


# The daily session (prep.repl) sets this while it runs a command, so keys come from its input.
KEY_READER: ContextVar[Callable[[str], str] | None] = ContextVar("KEY_READER", default=None)


def read_key(prompt: str) -> str:
    """One keypress in a terminal; a line otherwise (so scripts and tests can drive it)."""
    reader = KEY_READER.get()
    if reader is not None:
        return reader(prompt)
    click.echo(prompt, nl=False)
    if sys.stdin.isatty():
        key = click.getchar()
        click.echo()
        return "\n" if key in ("\r", "\n", " ") else key.lower()
    line = sys.stdin.readline()
    if not line:
        return "q"
    return line.strip().lower() or "\n"


def open_editor(path: str, line: int) -> bool:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        click.echo("Set $EDITOR to edit cards from here.")
        return False
    subprocess.run([*shlex.split(editor), f"+{line}", path], check=False)
    return True


class ReviewSession:
    def __init__(
        self, app: App, deck: str | None, queue: Callable[[], list[QueueItem]] | None = None
    ) -> None:
        """`queue` replaces today's due queue (e.g. a cram queue); it is re-read per card."""
        self.app = app
        self.deck = deck
        self.queue = queue
        self.out = console()
        self.answered = 0

    def run(self) -> None:
        from prep.services import review as svc
        from prep.services.today import TodayQueue

        # Today's queue is read once and kept up to date by each answer; a cram queue is
        # re-read per card.
        today = None if self.queue else TodayQueue(self.app, self.deck)
        while True:
            if today:  # its next card and counts, without ordering the whole queue
                next_card = today.next_card()
                item, counts = next_card.item, next_card.left
            else:
                queue = self.queue() if self.queue else []
                item = queue[0] if queue else None
                counts = {
                    k: sum(1 for i in queue if i.kind == k) for k in ("learning", "review", "new")
                }
            if item is None:
                self.out.print(f"Done for now: {self.answered} answered. Nothing else is due.")
                return
            shown = svc.show(self.app, item.candidate.key, item.kind)
            started = time.monotonic()
            if sys.stdout.isatty():
                self.out.clear()
            self.out.rule(f"{shown.note.deck} · {item.kind}", align="left")
            self.out.print(
                f"[dim]{shown.key} · left today: {counts['learning']} learning · "
                f"{counts['review']} review · {counts['new']} new[/dim]\n"
            )
            self.out.print(markdown(shown.front))
            action = read_key(f"\n[{FRONT_KEYS}] ")
            if action not in ("\n", "r"):
                if self.card_action(action, shown):
                    return
                if today:
                    today.reload()
                continue
            self.out.rule(style="dim")
            self.out.print(markdown(shown.back))
            if shown.note.type is NoteType.BEHAVIORAL:
                self.show_stories(shown.note.tags)
            options = svc.intervals(self.app, shown)
            labels = "  ".join(f"{g.value} {g.name.lower()} {interval(options[g])}" for g in Grade)
            while True:
                key = read_key(f"\n{labels} · u e q: ")
                if key in GRADE_KEYS:
                    grade = GRADE_KEYS[key]
                    try:
                        result = svc.answer(
                            self.app,
                            shown.key,
                            grade,
                            expected_log_id=shown.last_log_id,
                            duration_ms=int((time.monotonic() - started) * 1000),
                        )
                    except ConflictError as exc:
                        self.out.print(f"[yellow]{exc}[/yellow]")
                        if today:
                            today.reload()
                        break
                    self.answered += 1
                    if today:
                        today.answered(shown.key, result.memory, result.leech)
                    if result.leech:
                        self.out.print(
                            f"[yellow]{shown.key} is a leech and was suspended.[/yellow]"
                        )
                    break
                if key in ("q", "u", "e", "s", "b", "f"):
                    if self.card_action(key, shown):
                        return
                    if today:
                        today.reload()
                    break
                self.out.print("Rate with 1-4 or a/h/g/e.")

    def card_action(self, key: str, shown: object) -> bool:
        """Handle a non-rating key; True means leave the session."""
        from prep.services import review as svc

        card_key = getattr(shown, "key", "")
        try:
            if key == "q":
                self.out.print(f"{self.answered} answered; every answer is saved.")
                return True
            if key == "u":
                undone, memory = svc.undo(self.app)
                self.out.print(f"Undid {undone} ({memory.state}).")
            elif key == "s":
                svc.set_suspended(self.app, card_key, True)
                self.out.print(f"Suspended {card_key}.")
            elif key == "b":
                svc.bury(self.app, card_key)
                self.out.print(f"Buried {card_key} until tomorrow.")
            elif key == "f":
                svc.set_flag(self.app, card_key, 1)
                self.out.print(f"Flagged {card_key}.")
            elif key == "e":
                note = getattr(shown, "note")  # noqa: B009
                if open_editor(note.path, note.line):
                    from prep.services.sync import sync_decks

                    report = sync_decks(self.app)
                    for err in report.errors:
                        self.out.print(f"[yellow]warning: {err}[/yellow]")
            else:
                self.out.print("Unknown key.")
        except PrepError as exc:
            self.out.print(f"Error: {exc}")
        return False

    def show_stories(self, tags: tuple[str, ...]) -> None:
        from prep.services.stories import stories_for

        stories = stories_for(self.app, tags)
        if not stories:
            self.out.print(
                "[dim]No stories in your bank for these competencies yet (`prep story add`).[/dim]"
            )
            return
        self.out.print("[bold]Your stories for this:[/bold]")
        for s in stories:
            self.out.print(f"  #{s.id} {s.title}  [dim]({', '.join(s.competencies)})[/dim]")
