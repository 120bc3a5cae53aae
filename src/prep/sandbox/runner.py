"""Run untrusted solution code (DESIGN §6). The parent is trusted; the child is not.

The child gets inputs only, through stdin; it answers with length-prefixed, size-capped,
type-tagged JSON frames on a private pipe. Expected answers and comparison stay here.
"""

from __future__ import annotations

import json
import math
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prep.sandbox.layers import Layers, detect_layers

HERE = Path(__file__).resolve().parent
OUTPUT_CAP = 1024 * 1024  # stdout + stderr
FRAME_CAP = 4 * 1024 * 1024
RESULTS_CAP = 64 * 1024 * 1024
FILE_CAP = 64 * 1024 * 1024
WORKDIR_CAP_MB = 96
STARTUP_CPU_S = 2  # interpreter and numpy start-up before the clock starts


@dataclass(frozen=True)
class Limits:
    cpu_ms: int = 2000
    memory_mb: int = 512
    wall_ms: int | None = None

    @property
    def wall_s(self) -> float:
        if self.wall_ms is not None:
            return self.wall_ms / 1000
        return max(5.0, 3 * self.cpu_ms / 1000 + 3)


@dataclass
class ChildRun:
    """What happened in the child, before any judging."""

    frames: list[dict[str, Any]] = field(default_factory=list)
    stdout: bytes = b""
    stderr: bytes = b""
    exit_code: int | None = None
    signal: int | None = None
    cpu_s: float = 0.0
    ready_cpu_s: float | None = None
    wall_s: float = 0.0
    max_rss_kb: int = 0
    output_exceeded: bool = False
    wall_exceeded: bool = False
    protocol_error: str | None = None
    layers: tuple[str, ...] = ()

    @property
    def solution_cpu_ms(self) -> int:
        if self.ready_cpu_s is None:
            return 0  # never reached solution code (compile error, crash during start-up)
        start = self.ready_cpu_s
        return max(0, round((self.cpu_s - start) * 1000))


def run_in_sandbox(
    source: str,
    entry: str,
    cases: list[dict[str, Any]],
    limits: Limits,
    arg_types: tuple[str, ...] = (),
    return_type: str = "any",
    needs_numpy: bool = False,
    layers: Layers | None = None,
) -> ChildRun:
    """Run `source` on `cases` (inputs only) and collect the child's reports."""
    layers = layers or detect_layers()
    with tempfile.TemporaryDirectory(prefix="prep-run-") as tmp:
        stage = Path(tmp)
        (stage / "solution.py").write_text(source, encoding="utf-8")
        (stage / "_harness.py").write_bytes((HERE / "harness.py").read_bytes())
        (stage / "_guard.py").write_bytes((HERE / "guard.py").read_bytes())
        work = stage / "work"
        work.mkdir()
        spec = {
            "entry": entry,
            "cases": cases,
            "arg_types": list(arg_types),
            "return_type": return_type,
            "needs_numpy": needs_numpy,
            "numpy_path": None,
        }
        return _launch(stage, spec, limits, layers, needs_numpy)


def _launch(
    stage: Path, spec: dict[str, Any], limits: Limits, layers: Layers, needs_numpy: bool
) -> ChildRun:
    read_fd, write_fd = os.pipe()
    python = layers.python
    if layers.bubblewrap:
        spec["numpy_path"] = "/opt/prep-numpy" if needs_numpy and layers.numpy_dir else None
        spec["workdir"] = "/work"
        spec["guard"] = {"seccomp": True, "landlock": False}
        cmd = [
            *layers.bwrap_command(stage, needs_numpy),
            python,
            "-I",
            "-S",
            "/work/_harness.py",
            str(write_fd),
        ]
        cwd = str(stage)
    else:
        spec["numpy_path"] = str(layers.numpy_dir) if needs_numpy and layers.numpy_dir else None
        spec["workdir"] = str(stage / "work")
        spec["guard"] = {
            "seccomp": layers.seccomp,
            "landlock": layers.landlock,
            "read": [*layers.read_paths(needs_numpy)[0], str(stage)],
            "list": layers.read_paths(needs_numpy)[1],
            "write": [str(stage / "work")],
        }
        cmd = [python, "-I", "-S", str(stage / "_harness.py"), str(write_fd)]
        cwd = str(stage / "work")
    env = clean_env()
    run = ChildRun(layers=layers.active())
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(write_fd,),
            cwd=cwd,
            env=env,
            start_new_session=True,
            preexec_fn=_limits_setter(limits),
        )
    finally:
        os.close(write_fd)
    try:
        _collect(proc, read_fd, json.dumps(spec).encode(), limits, run, started)
    finally:
        _kill_group(proc.pid)
        os.close(read_fd)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    return run


def clean_env() -> dict[str, str]:
    env = {
        "LANG": "C.UTF-8",
        "PATH": "/usr/bin:/bin",
        "HOME": "/nonexistent",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    for key, value in os.environ.items():
        if key.startswith("OPENBLAS_") and key != "OPENBLAS_NUM_THREADS":
            env[key] = value
    return env


def _limits_setter(limits: Limits) -> Any:
    cpu_s = math.ceil(limits.cpu_ms / 1000) + STARTUP_CPU_S
    memory = limits.memory_mb * 1024 * 1024

    import resource  # POSIX only; callers refuse other platforms first

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_CAP, FILE_CAP))
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NPROC, (64, 64))

    return apply


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def tree_cpu(pid: int) -> float | None:
    """CPU seconds used so far by `pid` and every process below it (Linux /proc)."""
    total, seen, todo = 0, set(), [pid]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", "rb") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except (OSError, ValueError, IndexError):
            if p == pid:
                return None
    return total / CLOCK_TICKS


def _collect(
    proc: subprocess.Popen[bytes],
    read_fd: int,
    spec: bytes,
    limits: Limits,
    run: ChildRun,
    started: float,
) -> None:
    assert proc.stdin and proc.stdout and proc.stderr
    sel = selectors.DefaultSelector()
    os.set_blocking(proc.stdin.fileno(), False)
    pending_in = memoryview(spec)
    sel.register(proc.stdin, selectors.EVENT_WRITE, "stdin")
    sel.register(proc.stdout, selectors.EVENT_READ, "stdout")
    sel.register(proc.stderr, selectors.EVENT_READ, "stderr")
    sel.register(read_fd, selectors.EVENT_READ, "results")
    out = {"stdout": bytearray(), "stderr": bytearray()}
    results = bytearray()
    deadline = started + limits.wall_s
    open_streams = 3
    seen_cpu = 0.0
    ready_cpu: float | None = None
    while open_streams:
        sample = tree_cpu(proc.pid)
        if sample is not None:
            seen_cpu = max(seen_cpu, sample)
        if ready_cpu is None and len(results) >= 4:
            ready_cpu = _first_ready_cpu(bytes(results))
        if ready_cpu is not None and seen_cpu - ready_cpu > limits.cpu_ms / 1000 + 0.1:
            break  # over the CPU limit: no need to wait for RLIMIT_CPU to fire
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            run.wall_exceeded = True
            break
        for key, _ in sel.select(timeout=min(remaining, 0.05)):
            name = key.data
            if name == "stdin":
                try:
                    written = os.write(proc.stdin.fileno(), pending_in[:65536])
                except (BrokenPipeError, OSError):
                    written = len(pending_in)
                pending_in = pending_in[written:]
                if not pending_in:
                    sel.unregister(proc.stdin)
                    proc.stdin.close()
                continue
            fd = key.fd
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                sel.unregister(key.fileobj)
                open_streams -= 1
                continue
            if name == "results":
                results += chunk
                sample = tree_cpu(proc.pid)
                if sample is not None:
                    seen_cpu = max(seen_cpu, sample)
                if len(results) > RESULTS_CAP:
                    run.protocol_error = "results exceeded 64 MiB"
                    open_streams = 0
                    break
            else:
                out[name] += chunk
                if len(out["stdout"]) + len(out["stderr"]) > OUTPUT_CAP:
                    run.output_exceeded = True
                    open_streams = 0
                    break
        if run.output_exceeded or run.protocol_error:
            break
    sel.close()
    _kill_group(proc.pid)  # whatever it is still doing, the run is over
    status, usage, final_cpu = _reap(proc, deadline + 5)
    if final_cpu is not None:
        seen_cpu = max(seen_cpu, final_cpu)
    run.wall_s = time.monotonic() - started
    reaped = usage.ru_utime + usage.ru_stime if usage else 0.0
    run.cpu_s = max(reaped, seen_cpu)
    run.max_rss_kb = usage.ru_maxrss if usage else 0
    if status is not None:
        if os.WIFSIGNALED(status):
            run.signal = os.WTERMSIG(status)
        elif os.WIFEXITED(status):
            run.exit_code = os.WEXITSTATUS(status)
    run.stdout, run.stderr = bytes(out["stdout"][:OUTPUT_CAP]), bytes(out["stderr"][:OUTPUT_CAP])
    _parse_frames(bytes(results), run)


def _first_ready_cpu(data: bytes) -> float | None:
    size = int.from_bytes(data[:4], "big")
    if size > 4096 or len(data) < 4 + size:
        return None
    try:
        frame = json.loads(data[4 : 4 + size])
    except ValueError:
        return None
    cpu = frame.get("cpu") if isinstance(frame, dict) and frame.get("t") == "ready" else None
    return float(cpu) if isinstance(cpu, int | float) else None


def _reap(proc: subprocess.Popen[bytes], deadline: float) -> tuple[int | None, Any, float | None]:
    """Wait for the child; sample its CPU as a zombie (stats still readable), then reap it."""
    killed = False
    while True:
        exited = os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        if exited is not None:
            final = tree_cpu(proc.pid)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = status
            return status, usage, final
        if time.monotonic() > deadline and not killed:
            _kill_group(proc.pid)
            killed = True
        time.sleep(0.002)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _parse_frames(data: bytes, run: ChildRun) -> None:
    offset = 0
    while offset + 4 <= len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        if size > FRAME_CAP:
            run.protocol_error = "a result frame exceeded 4 MiB"
            return
        body = data[offset + 4 : offset + 4 + size]
        if len(body) < size:
            break
        offset += 4 + size
        try:
            frame = json.loads(body)
        except (ValueError, RecursionError):
            run.protocol_error = "a result frame was not valid JSON"
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("t"), str):
            run.protocol_error = "a result frame had no type"
            return
        if frame["t"] == "ready" and run.ready_cpu_s is None and not run.frames:
            cpu = frame.get("cpu")
            run.ready_cpu_s = float(cpu) if isinstance(cpu, int | float) else None
        run.frames.append(frame)


def python_interpreter() -> str:
    """The real interpreter behind this (possibly virtualenv) Python."""
    base = Path(sys.base_prefix)
    name = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidate = base / "bin" / name
    if candidate.exists():
        return str(candidate.resolve())
    return os.path.realpath(sys.executable)
