"""Problem coverage per category and difficulty; writes the table into problems/README.md.

Usage: python scripts/problem_coverage.py            # rewrite the table
       python scripts/problem_coverage.py --check    # exit 1 if stale or a minimum is not met
       python scripts/problem_coverage.py --margins  # also run every reference and slow.py:
                                                     # reference ≤ 10 % of the limit,
                                                     # slow.py still over it at 5× the limit
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from prep.core.problem import CATEGORIES, LEVELS  # noqa: E402
from prep.services.problem_files import ProblemFiles, load_all  # noqa: E402

PROBLEMS = ROOT / "problems"
README = PROBLEMS / "README.md"
BEGIN, END = "<!-- coverage:begin -->", "<!-- coverage:end -->"
PER_ALGORITHM_CATEGORY = 3
ML_STATS = 21
TOTAL = 75
CLASS_PROBLEMS = 3


def table(loaded: list[ProblemFiles]) -> tuple[str, list[str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for f in loaded:
        counts[(f.problem.category, f.problem.difficulty)] += 1
    lines = ["| category | easy | medium | hard | total |", "|---|---:|---:|---:|---:|"]
    problems: list[str] = []
    for category in CATEGORIES:
        row = [counts[(category, level)] for level in LEVELS]
        total = sum(row)
        short = category not in ("ml", "stats") and total < PER_ALGORITHM_CATEGORY
        mark = " ✗" if short else ""
        lines.append(f"| {category} | {row[0]} | {row[1]} | {row[2]} | {total}{mark} |")
        if short:
            problems.append(f"{category}: {total} problems, needs {PER_ALGORITHM_CATEGORY}")
    by_level = [sum(counts[(c, level)] for c in CATEGORIES) for level in LEVELS]
    total = sum(by_level)
    lines.append(f"| **total** | {by_level[0]} | {by_level[1]} | {by_level[2]} | **{total}** |")
    ml = sum(1 for f in loaded if f.problem.category in ("ml", "stats"))
    classes = sum(1 for f in loaded if f.problem.kind == "class")
    with_gen = sum(1 for f in loaded if (f.folder / "gen.py").exists())
    with_slow = sum(1 for f in loaded if f.slow is not None)
    lines += [
        "",
        f"ML and statistics problems: {ml} (minimum {ML_STATS}); class-design problems: "
        f"{classes} (minimum {CLASS_PROBLEMS}); with generated large cases: {with_gen}; "
        f"with a brute force that must time out: {with_slow}.",
    ]
    if ml < ML_STATS:
        problems.append(f"ml+stats: {ml} problems, needs {ML_STATS}")
    if classes < CLASS_PROBLEMS:
        problems.append(f"class-design problems: {classes}, needs {CLASS_PROBLEMS}")
    if total < TOTAL:
        problems.append(f"total: {total} problems, needs {TOTAL}")
    return "\n".join(lines), problems


def margins(loaded: list[ProblemFiles]) -> list[str]:
    from prep.core.judge import Verdict
    from prep.services.checking import judge_source

    problems = []
    for f in loaded:
        p = f.problem
        cases = f.cases()
        ref = judge_source(f, f.solution.read_text(), cases)
        line = f"{p.id}: reference {ref.verdict} {ref.cpu_ms} ms of {p.time_limit_ms}"
        if ref.verdict is not Verdict.ACCEPTED or ref.cpu_ms > p.time_limit_ms // 10:
            problems.append(
                f"{p.id}: reference {ref.verdict} using {ref.cpu_ms} ms (limit {p.time_limit_ms})"
            )
        if f.slow is not None:
            five = replace(p, time_limit_ms=5 * p.time_limit_ms)
            slow = judge_source(ProblemFiles(five, f.folder), f.slow.read_text(), cases)
            line += f"; slow.py at 5× limit: {slow.verdict}"
            if slow.verdict is not Verdict.TIME_LIMIT_EXCEEDED:
                problems.append(
                    f"{p.id}: slow.py finishes within 5× the limit "
                    f"({slow.verdict}, {slow.cpu_ms} ms)"
                )
        print(line)
    return problems


def render_readme(current: str, body: str) -> str:
    block = f"{BEGIN}\n{body}\n{END}"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        return head + block + rest.split(END, 1)[1]
    return current.rstrip("\n") + "\n\n" + block + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--margins", action="store_true")
    args = parser.parse_args()
    loaded, errors = load_all([PROBLEMS])
    body, problems = table(loaded)
    problems += errors
    if args.margins:
        problems += margins(loaded)
    current = README.read_text(encoding="utf-8") if README.exists() else ""
    wanted = render_readme(current, body)
    print(body)
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    if args.check:
        if wanted != current:
            print(
                "problems/README.md is stale: run python scripts/problem_coverage.py",
                file=sys.stderr,
            )
            return 1
        return 1 if problems else 0
    README.write_text(wanted, encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
