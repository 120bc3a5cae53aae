"""Syncing decks from Markdown: a first sync of N cards into an empty collection, then re-syncs.

Writes N cards (default 10,000) of basic, reverse and cloze notes in 200 files / 50 decks
(scripts/bench/_collection.py), then measures in-process `sync_decks` (the shipped decks are
left out, so exactly N cards are synced):

- first sync into an empty collection (a fresh database per run)      budget ≤ 1 s
- no-change re-sync (every file skipped by size and mtime)             budget ≤ 50 ms
- re-sync after editing one file (one file parsed and upserted)        no budget

Usage: python scripts/bench/bench_sync.py [--cards N] [--repeat N] [--keep]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _collection import median_ms, ms, verdict, write_decks

from prep.app import App


@dataclass
class DecksOnlyApp(App):
    """An App whose only deck directory is the benchmark's (no shipped or user decks)."""

    only: Path | None = None

    def deck_dirs(self) -> list[Path]:
        assert self.only is not None
        return [self.only.resolve()]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=10_000, help="cards in the decks")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.cards < 1 or args.repeat < 1:
        parser.error("--cards and --repeat must be at least 1")

    from prep.core.deckfile import parse_deck_bytes
    from prep.services.sync import sync_decks

    work = Path(tempfile.mkdtemp(prefix="prep-bench-sync-"))
    try:
        decks = work / "decks"
        notes, files = write_decks(decks, args.cards, random.Random(args.seed))
        print(
            f"prep sync: {args.cards} cards ({notes} notes) in {files} files, "
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, work dir {work}"
        )
        paths = sorted(decks.rglob("*.md"))
        contents = [p.read_bytes() for p in paths]

        first: list[float] = []
        app = DecksOnlyApp(home=work / "home-warmup", only=decks)
        sync_decks(app)  # warm-up: imports, caches
        app.engine.dispose()
        for run in range(args.repeat):
            app = DecksOnlyApp(home=work / f"home-{run}", only=decks)
            # The schema is made before the clock starts: this times the sync alone.
            assert app.engine is not None
            start = time.perf_counter()
            report = sync_decks(app)
            first.append(time.perf_counter() - start)
            if report.errors or report.cards_added != args.cards:
                raise SystemExit(f"sync added {report.cards_added} cards: {report.errors[:3]}")
            if run < args.repeat - 1:
                app.engine.dispose()
        parse: list[float] = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for path, data in zip(paths, contents, strict=True):
                parse_deck_bytes(data, str(path), "Bench")
            parse.append(time.perf_counter() - start)

        resync = []
        for _ in range(max(args.repeat, 10)):
            start = time.perf_counter()
            report = sync_decks(app)
            resync.append(time.perf_counter() - start)
            if report.files_parsed or report.changed:
                raise SystemExit("a no-change re-sync parsed or changed something")

        edited, target = [], paths[len(paths) // 2]
        original = target.read_text(encoding="utf-8")
        for run in range(args.repeat):
            marker = f"\n\n## bench-edit-marker\nQ: Edited {run}?\nA: Yes, run {run}.\n"
            target.write_text(original + marker, encoding="utf-8")
            start = time.perf_counter()
            report = sync_decks(app)
            edited.append(time.perf_counter() - start)
            if report.files_parsed != 1 or report.errors:
                raise SystemExit(f"editing one file parsed {report.files_parsed}: {report.errors}")
        app.engine.dispose()

        print(f"first sync into an empty collection, in-process    {ms(first)}")
        print(f"  of which parsing the {files} files                 {ms(parse)}")
        print(f"no-change re-sync, in-process                      {ms(resync)}")
        print(f"re-sync after editing one file, in-process         {ms(edited)}")
        ok = verdict(
            f"first sync of {args.cards} cards",
            statistics.median(first),
            1.0,
            f"{statistics.median(first):.3f} s",
        )
        ok &= verdict(
            "no-change re-sync",
            median_ms(resync),
            50,
            f"{median_ms(resync):.1f} ms",
        )
        print(f"done; {'every budget met' if ok else 'a budget was missed'}")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
