"""Key bindings of the daily session, and a one-key reader for review and other prompts."""

from __future__ import annotations

from prompt_toolkit import PromptSession
from prompt_toolkit.enums import DEFAULT_BUFFER
from prompt_toolkit.filters import has_focus
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import Output


def session_bindings() -> KeyBindings:
    """F1 runs `help`, F2 runs `today`; Ctrl-D on an empty line leaves (prompt-toolkit's own)."""
    kb = KeyBindings()

    def run(event: KeyPressEvent, line: str) -> None:
        buffer = event.app.current_buffer
        buffer.text = line
        buffer.validate_and_handle()

    @kb.add("f1", filter=has_focus(DEFAULT_BUFFER))
    def _help(event: KeyPressEvent) -> None:
        run(event, "help")

    @kb.add("f2", filter=has_focus(DEFAULT_BUFFER))
    def _today(event: KeyPressEvent) -> None:
        run(event, "today")

    return kb


class KeyReader:
    """Reads one keypress from the session's input: Enter and space come back as "\\n".

    Ctrl-C and Ctrl-D come back as "q", so a review or a prompt stops cleanly and saves.
    """

    def __init__(self, input: Input | None, output: Output | None) -> None:
        kb = KeyBindings()

        @kb.add(Keys.Any)
        def _key(event: KeyPressEvent) -> None:
            event.app.exit(result=event.data)

        self.session: PromptSession[str] = PromptSession(
            input=input, output=output, key_bindings=kb
        )

    def __call__(self, prompt: str) -> str:
        try:
            key = self.session.prompt(prompt)
        except (KeyboardInterrupt, EOFError):
            return "q"
        return "\n" if key in ("", " ", "\r", "\n") else key.lower()
