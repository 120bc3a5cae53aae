"""The prompt-toolkit Completer: a thin wrapper over the pure `complete`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from prep.repl.completion import Vocabulary, complete


class SessionCompleter(Completer):
    def __init__(self, vocabulary: Callable[[], Vocabulary]) -> None:
        self.vocabulary = vocabulary

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        for s in complete(document.text_before_cursor, self.vocabulary()):
            yield Completion(s.text, start_position=s.start, display_meta=s.kind)
