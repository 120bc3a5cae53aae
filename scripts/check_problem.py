"""Check problem folders through the real sandbox.

Usage: python scripts/check_problem.py problems/<category>/<slug> [...]   (or no args: all)

For each problem: solution.py must be Accepted using at most 10 % of the CPU limit;
starter.py must not be Accepted; slow.py (if any) must be Time Limit Exceeded. Also checks
counts: at least 3 visible and 10 hidden cases, at least 3 hints.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from prep.core.errors import PrepError  # noqa: E402
from prep.core.judge import Verdict  # noqa: E402
from prep.services.checking import judge_source  # noqa: E402
from prep.services.problem_files import load_problem, problem_folders  # noqa: E402


def check(folder: Path) -> list[str]:
    problems: list[str] = []
    try:
        files = load_problem(folder)
        cases = files.cases()
    except PrepError as exc:
        return [str(exc)]
    p = files.problem
    visible = sum(c.visible for c in cases)
    hidden = len(cases) - visible
    if visible < 3 or hidden < 10:
        problems.append(f"needs ≥3 visible and ≥10 hidden cases (has {visible} and {hidden})")
    if len(p.hints) < 3:
        problems.append(f"needs ≥3 hints (has {len(p.hints)})")
    ref = judge_source(files, files.solution.read_text(), cases)
    line = f"{p.id}: solution {ref.verdict} in {ref.cpu_ms} ms CPU (limit {p.time_limit_ms})"
    if ref.verdict is not Verdict.ACCEPTED:
        detail = ref.message or f"case {ref.failed_case}: expected {ref.expected} got {ref.actual}"
        problems.append(f"solution.py is {ref.verdict}: {detail[-600:]}")
    elif ref.cpu_ms > p.time_limit_ms * 0.10:
        problems.append(
            f"solution.py uses {ref.cpu_ms} ms, over 10% of the {p.time_limit_ms} ms limit"
        )
    starter = judge_source(files, files.starter.read_text(), cases)
    line += f"; starter {starter.verdict}"
    if starter.verdict is Verdict.ACCEPTED:
        problems.append("starter.py is Accepted")
    if files.slow is not None:
        slow = judge_source(files, files.slow.read_text(), cases)
        line += f"; slow {slow.verdict} ({slow.cpu_ms} ms)"
        if slow.verdict is not Verdict.TIME_LIMIT_EXCEEDED:
            problems.append(f"slow.py is {slow.verdict}, expected Time Limit Exceeded")
    print(line)
    return problems


def main() -> int:
    folders = [Path(a).resolve() for a in sys.argv[1:]] or problem_folders([ROOT / "problems"])
    bad = 0
    for folder in folders:
        for problem in check(folder):
            bad += 1
            print(f"  PROBLEM {folder.name}: {problem}")
    print(f"{len(folders)} problem(s), {bad} problem(s) found")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
