"""The daily session: `prep` alone in a terminal. A prompt-toolkit REPL over the same commands."""
