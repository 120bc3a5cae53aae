"""Console entry point. `prep --version` answers before importing anything else."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from prep import __version__

        sys.stdout.write(f"prep {__version__}\n")
        return
    from prep.cli.main import main as cli_main

    cli_main()
