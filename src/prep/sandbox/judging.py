"""From what the child reported to a verdict. Expected answers never leave this process."""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prep.core.judge import DecodeError, Verdict, decode, short
from prep.core.problem import Case
from prep.sandbox.runner import ChildRun, Limits


@dataclass
class Judgement:
    verdict: Verdict
    passed: int
    total: int
    cpu_ms: int
    wall_ms: int
    failed_case: int | None = None
    failed_visible: bool = False
    input: str = ""
    expected: str = ""
    actual: str = ""
    message: str = ""
    stdout: str = ""
    layers: tuple[str, ...] = field(default_factory=tuple)


_Judgement = Judgement  # the dataclass; `judge` builds it through a local helper


def judge(
    run: ChildRun,
    cases: list[Case],
    limits: Limits,
    compare: Callable[[Any, Any, Any], bool],
) -> Judgement:
    """Decide the verdict. Checks are ordered so a crash can never look like a pass."""
    total = len(cases)
    stdout = run.stdout.decode("utf-8", "replace")[-2000:]
    wall_ms = round(run.wall_s * 1000)

    def Judgement(verdict: Verdict, passed: int, **details: Any) -> _Judgement:
        return _Judgement(
            verdict,
            passed,
            total,
            run.solution_cpu_ms,
            wall_ms,
            stdout=stdout,
            layers=run.layers,
            **details,
        )

    frames = run.frames
    first = frames[0] if frames else {}
    if first.get("t") == "compile":
        return Judgement(Verdict.COMPILE_ERROR, 0, message=str(first.get("error", "")))
    if first.get("t") == "guard":
        return Judgement(
            Verdict.INTERNAL_ERROR, 0, message=f"sandbox setup failed: {first.get('error')}"
        )
    if run.output_exceeded:
        return Judgement(Verdict.OUTPUT_LIMIT_EXCEEDED, 0, message="printed more than 1 MiB")
    if run.protocol_error:
        return Judgement(
            Verdict.RUNTIME_ERROR,
            0,
            message=f"the solution corrupted its results ({run.protocol_error})",
        )
    cpu_over = run.solution_cpu_ms > limits.cpu_ms
    killed_by = _signal_of(run)
    if run.wall_exceeded or cpu_over:
        why = (
            f"wall time over {limits.wall_s:.0f} s"
            if run.wall_exceeded and not cpu_over
            else f"CPU time {run.solution_cpu_ms} ms > {limits.cpu_ms} ms"
        )
        return Judgement(Verdict.TIME_LIMIT_EXCEEDED, _count_ok(frames), message=why)
    if killed_by == signal.SIGXCPU:
        return Judgement(
            Verdict.TIME_LIMIT_EXCEEDED, _count_ok(frames), message="CPU limit reached"
        )
    if not frames or first.get("t") != "ready":
        return Judgement(Verdict.RUNTIME_ERROR, 0, message=_exit_text(run, "before starting"))
    expected_n = 1
    passed = 0
    by_number = {c.number: c for c in cases}
    for frame in frames[1:]:
        kind = frame.get("t")
        if kind == "load":
            return Judgement(
                Verdict.RUNTIME_ERROR, passed, message=str(frame.get("error", ""))[-4000:]
            )
        if kind == "done":
            break
        if kind != "case" or frame.get("n") != expected_n or expected_n not in by_number:
            return Judgement(
                Verdict.RUNTIME_ERROR,
                passed,
                message="the solution wrote to prep's result channel",
            )
        case = by_number[expected_n]
        if not frame.get("ok"):
            error = str(frame.get("error", ""))[-4000:]
            verdict = (
                Verdict.MEMORY_LIMIT_EXCEEDED
                if frame.get("kind") == "MemoryError"
                else Verdict.RUNTIME_ERROR
            )
            return Judgement(
                verdict,
                passed,
                failed_case=case.number,
                failed_visible=case.visible,
                input=_input_text(case) if case.visible else "",
                message=error,
            )
        try:
            actual = decode(frame.get("value"))
        except DecodeError as exc:
            return Judgement(
                Verdict.RUNTIME_ERROR,
                passed,
                failed_case=case.number,
                message=f"unreadable result: {exc}",
            )
        try:
            ok = bool(
                compare(case.args if case.calls is None else case.calls, case.expected, actual)
            )
        except Exception as exc:  # a checker bug is ours, not the user's
            return Judgement(
                Verdict.INTERNAL_ERROR,
                passed,
                failed_case=case.number,
                message=f"checker failed: {exc}",
            )
        if not ok:
            return Judgement(
                Verdict.WRONG_ANSWER,
                passed,
                failed_case=case.number,
                failed_visible=case.visible,
                input=_input_text(case) if case.visible else "",
                expected=short(case.expected) if case.visible else "",
                actual=short(actual) if case.visible else "",
            )
        passed += 1
        expected_n += 1
    else:
        if _looks_like_memory(run):
            return Judgement(Verdict.MEMORY_LIMIT_EXCEEDED, passed, message="ran out of memory")
        return Judgement(
            Verdict.RUNTIME_ERROR,
            passed,
            message=_exit_text(run, f"after {passed} of {total} cases"),
        )
    if passed != total:
        return Judgement(
            Verdict.RUNTIME_ERROR,
            passed,
            message=f"stopped after {passed} of {total} cases",
        )
    if run.exit_code not in (0, None) or run.signal is not None:
        return Judgement(
            Verdict.RUNTIME_ERROR, passed, message=_exit_text(run, "after the last case")
        )
    return Judgement(Verdict.ACCEPTED, passed)


def _count_ok(frames: list[dict[str, Any]]) -> int:
    return sum(1 for f in frames if f.get("t") == "case" and f.get("ok"))


def _signal_of(run: ChildRun) -> int | None:
    if run.signal is not None:
        return run.signal
    if run.exit_code is not None and run.exit_code > 128:
        return run.exit_code - 128  # bubblewrap reports a killed child as 128 + signal
    return None


def _looks_like_memory(run: ChildRun) -> bool:
    segfault = _signal_of(run) == signal.SIGSEGV
    return b"MemoryError" in run.stderr or (segfault and run.max_rss_kb > 0)


def _exit_text(run: ChildRun, when: str) -> str:
    sig = _signal_of(run)
    if sig is not None:
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        how = f"was killed by {name}"
    else:
        how = f"exited with code {run.exit_code}"
    tail = run.stderr.decode("utf-8", "replace").strip()[-1500:]
    return f"the solution {how} {when}" + (f"\n{tail}" if tail else "")


def _input_text(case: Case) -> str:
    return short(case.args if case.calls is None else case.calls, 500)
