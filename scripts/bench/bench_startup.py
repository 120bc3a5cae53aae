"""Start-up time and memory: `prep --version`, `prep today` and the REPL on a large collection.

Measures, whole process, median of repeated runs:

- `prep --version` ÷ `python -c pass` (runs interleaved)               budget ≤ 2.0
- `prep today` on a collection of N cards (default 100,000) with ~4
  review logs per card (scripts/bench/_collection.py)                   budget ≤ 300 ms
- the REPL (bare `prep` in a pseudo-terminal) once it has shown today's
  screen and its prompt: peak resident memory (VmHWM)                   budget ≤ 100 MB

Needs pexpect (a test dependency) and Linux's /proc for the memory figure.
Usage: python scripts/bench/bench_startup.py [--cards N] [--repeat N] [--keep]
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _collection import (
    PrepCollection,
    build_prep,
    measure,
    median_ms,
    ms,
    run_process,
    verdict,
)


def say(line: str) -> None:
    print(f"  {line}", flush=True)


def version_ratio(argv: list[str], env: dict[str, str], repeat: int) -> bool:
    version: list[float] = []
    bare: list[float] = []
    run_process([*argv, "--version"], env)  # warm the page cache for both
    run_process([sys.executable, "-c", "pass"], env)
    for _ in range(max(repeat, 10)):  # interleaved, so machine load hits both alike
        bare += measure(lambda: run_process([sys.executable, "-c", "pass"], env), 1, 0)
        version += measure(lambda: run_process([*argv, "--version"], env), 1, 0)
    ratio = statistics.median(version) / statistics.median(bare)
    print(f"`prep --version`, whole process                    {ms(version)}")
    print(f"`python -c pass`, whole process                    {ms(bare)}")
    return verdict(
        "prep --version / python -c pass",
        ratio,
        2.0,
        f"{median_ms(version):.1f} ms / {median_ms(bare):.1f} ms = {ratio:.2f}",
    )


def today(prep: PrepCollection, repeat: int, cards: int) -> bool:
    samples = measure(lambda: run_process([*prep.argv, "today"], prep.env), repeat)
    print(f"`prep today`, whole process ({cards} cards)      {ms(samples)}")
    return verdict(
        f"prep today at {cards} cards", median_ms(samples), 300, f"{median_ms(samples):.0f} ms"
    )


def repl_memory(prep: PrepCollection, repeat: int, cards: int) -> bool:
    import pexpect

    peaks: list[float] = []
    now: list[float] = []
    env = {**prep.env, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    for _ in range(repeat):
        child = pexpect.spawn(
            prep.argv[0],
            prep.argv[1:],
            env=env,
            cwd=str(prep.work),
            encoding="utf-8",
            timeout=60,
            dimensions=(40, 120),
        )
        try:
            child.expect("Today: ")
            child.expect("prep>")
            status = Path(f"/proc/{child.pid}/status").read_text()
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
            now.append(int(fields["VmRSS"].split()[0]) / 1024)
            child.sendline("quit")
            child.expect("Bye.")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
    peak = statistics.median(peaks)
    print(
        f"REPL at its first prompt ({cards} cards): peak RSS {peak:.1f} MB "
        f"(median of {len(peaks)}; max {max(peaks):.1f}), RSS then {statistics.median(now):.1f} MB"
    )
    return verdict(f"REPL peak resident memory at {cards} cards", peak, 100, f"{peak:.1f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=100_000, help="cards in the collection")
    parser.add_argument("--logs-per-card", type=float, default=4.0, help="review logs per card")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.cards < 100 or args.repeat < 1:
        parser.error("--cards must be at least 100 and --repeat at least 1")
    if not Path("/proc/self/status").exists():
        parser.error("the memory figure reads /proc/<pid>/status: run this on Linux")

    work = Path(tempfile.mkdtemp(prefix="prep-bench-startup-"))
    started = time.perf_counter()
    try:
        print(
            f"prep start-up, {args.cards} cards: python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs, work dir {work}"
        )
        prep = build_prep(work, args.cards, args.logs_per_card, random.Random(args.seed), say)
        run_process([*prep.argv, "sync"], prep.env)  # settle: later runs find nothing to sync
        print()
        results = [
            version_ratio(prep.argv, prep.env, args.repeat),
            today(prep, args.repeat, args.cards),
            repl_memory(prep, min(args.repeat, 3), args.cards),
        ]
        missed = results.count(False)
        print(f"done in {time.perf_counter() - started:.0f} s; {missed} budget(s) missed")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
