"""Judge a solution's source against a problem through the sandbox."""

from __future__ import annotations

from prep.core.problem import Case
from prep.sandbox.judging import Judgement, judge
from prep.sandbox.layers import Layers
from prep.sandbox.runner import run_in_sandbox
from prep.services.problem_files import ProblemFiles


def judge_source(
    files: ProblemFiles, source: str, cases: list[Case] | None = None, layers: Layers | None = None
) -> Judgement:
    """Run every case (visible first) in the sandbox and judge the results here."""
    import sys

    from prep.core.errors import PrepError

    if sys.platform not in ("linux", "darwin"):
        raise PrepError(
            f"prep check runs solutions only on Linux and macOS (this is {sys.platform}); "
            "there is no sandbox for untrusted code here"
        )
    cases = cases if cases is not None else files.cases()
    p = files.problem
    payload = [{"n": c.number, **c.payload()} for c in cases]
    run = run_in_sandbox(
        source,
        p.entry,
        payload,
        files.limits,
        p.arg_types,
        p.return_type,
        files.needs_numpy,
        layers,
    )
    return judge(run, cases, files.limits, files.compare())
