"""Hostile solutions through the real runner (DESIGN §6, issue 4).

Every attack runs beside an honest solution that must be Accepted. Each asserts its exact
verdict, that the runner survives, that no process it started remains, that nothing outside
the work dir changed, that a planted secret shows up nowhere, and that it ended within its
wall cap. The attacks that could hurt the machine (kill(-1), fork bomb, killing the parent)
run only after a canary shows the containing layer is active, and inside
`unshare --pid --fork` as a safety net.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from prep.app import App
from prep.core.judge import Verdict
from prep.sandbox.layers import detect_layers
from prep.services import problems as svc
from tests.conftest import FakeClock

SECRET = "s3cr3t-7f1c2d9e"
LAYERS = detect_layers()
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the sandbox tests need Linux")

PROBLEM_MD = """\
---
id: double-it
title: Double It
difficulty: easy
minutes: 5
category: arrays-hashing
tags: [warmup]
kind: function
entry: double
compare: exact
time_limit_ms: 1500
memory_mb: 256
---
Return twice the input.

## Hints
- Multiply.
- By two.
- `return 2 * x`
"""
HONEST = "def double(x):\n    return 2 * x\n"


def cases() -> dict[str, list[dict[str, object]]]:
    return {
        "visible": [{"args": [x], "expected": 2 * x} for x in (1, 2, 3)],
        "hidden": [{"args": [x], "expected": 2 * x} for x in range(10, 20)],
    }


@pytest.fixture
def lab(
    tmp_path: Path, isolated_env: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, object]]:
    """A home with one user problem, a fake HOME holding a secret, and a watched outside dir."""
    home = isolated_env
    folder = home / "problems" / "arrays-hashing" / "double-it"
    folder.mkdir(parents=True)
    (folder / "problem.md").write_text(PROBLEM_MD)
    (folder / "starter.py").write_text("def double(x):\n    pass\n")
    (folder / "solution.py").write_text(HONEST)
    (folder / "cases.json").write_text(json.dumps(cases()))
    fake_home = tmp_path / "fakehome"
    fake_home.mkdir()
    (fake_home / "secret.txt").write_text(SECRET)
    (home / "secret.txt").write_text(SECRET)
    monkeypatch.setenv("HOME", str(fake_home))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep me")
    monkeypatch.setattr("prep.services.problem_roots.shipped_dir", lambda name: None)
    runs = tmp_path / RUN_MARKER
    runs.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(runs))
    app = App(home=home, clock=clock)
    yield {"app": app, "home": home, "outside": outside, "fake_home": fake_home, "folder": folder}
    app.engine.dispose()


def snapshot(root: Path) -> dict[str, bytes]:
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            # prep's own bookkeeping may change; everything else must not.
            if path.name.startswith("prep.db") or {"workspace", "cache"} & set(path.parts):
                continue
            out[str(path)] = path.read_bytes()
    return out


RUN_MARKER = f"prep-hostile-{os.getpid()}"


def _ppid(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def sandbox_processes() -> list[str]:
    """Processes started by this test's runs (other sandboxes on the machine are ignored)."""
    me = os.getpid()
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        ours = RUN_MARKER.encode() in cmd
        up, hops = int(pid), 0
        while not ours and up > 1 and hops < 50:
            up, hops = _ppid(up), hops + 1
            ours = up == me
        if ours and (b"_harness.py" in cmd or b"prep-run-" in cmd):
            found.append(cmd.replace(b"\0", b" ").decode(errors="replace"))
    return found


def judge(lab: dict[str, object], source: str) -> svc.CheckResult:
    """Check `source` through the service (stored like a real attempt) and assert the invariants."""
    app = lab["app"]
    assert isinstance(app, App)
    home = lab["home"]
    outside = lab["outside"]
    assert isinstance(home, Path) and isinstance(outside, Path)
    before_home, before_out = snapshot(home), snapshot(outside)
    svc.open_attempt(app, "double-it")
    path = svc.workspace_file(app, "double-it")
    path.write_text(source)
    started = time.monotonic()
    result = svc.check(app, "double-it")
    elapsed = time.monotonic() - started
    files = svc.problem_files(app, "double-it")
    assert elapsed < files.limits.wall_s + 5, f"run took {elapsed:.1f} s"
    assert sandbox_processes() == []
    assert snapshot(outside) == before_out
    assert snapshot(home) == before_home
    leak_sources = [result.judgement.message, result.judgement.stdout, result.judgement.actual]
    assert not any(SECRET in text for text in leak_sources)
    db = sqlite3.connect(home / "prep.db")
    rows = db.execute("SELECT verdict, detail FROM submissions").fetchall()
    db.close()
    assert not any(SECRET in (detail or "") for _, detail in rows)
    svc.give_up(app, "double-it")
    return result


def honest_still_accepted(lab: dict[str, object]) -> None:
    assert judge(lab, HONEST).judgement.verdict is Verdict.ACCEPTED


def attack(body: str) -> str:
    return textwrap.dedent(body)


# ---- time -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "def double(x):\n    while True:\n        pass\n",
        "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\n"
        "def double(x):\n    while True:\n        pass\n",
        "import time\ndef double(x):\n    time.sleep(10**6)\n",
    ],
    ids=["infinite-loop", "ignores-sigxcpu", "sleeps-forever"],
)
def test_time_limit_exceeded(lab: dict[str, object], source: str) -> None:
    assert judge(lab, source).judgement.verdict is Verdict.TIME_LIMIT_EXCEEDED
    honest_still_accepted(lab)


# ---- memory and output ------------------------------------------------------------------


def test_memory_grab(lab: dict[str, object]) -> None:
    source = "def double(x):\n    hog = bytearray(4 * 1024**3)\n    return len(hog)\n"
    assert judge(lab, source).judgement.verdict is Verdict.MEMORY_LIMIT_EXCEEDED
    honest_still_accepted(lab)


def test_one_gib_to_stdout(lab: dict[str, object]) -> None:
    source = "import sys\ndef double(x):\n    chunk = 'x' * (1 << 20)\n    for _ in range(1024):\n        sys.stdout.write(chunk)\n    return 2 * x\n"
    assert judge(lab, source).judgement.verdict is Verdict.OUTPUT_LIMIT_EXCEEDED
    honest_still_accepted(lab)


# ---- runtime errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "import sys\nsys.exit(0)\ndef double(x):\n    return 2 * x\n",
        "import os\nos._exit(0)\ndef double(x):\n    return 2 * x\n",
    ],
    ids=["sys-exit", "os-exit"],
)
def test_exit_at_import_is_a_runtime_error(lab: dict[str, object], source: str) -> None:
    result = judge(lab, source)
    assert result.judgement.verdict is Verdict.RUNTIME_ERROR
    assert result.judgement.passed == 0
    honest_still_accepted(lab)


def test_ten_gb_file_fails(lab: dict[str, object]) -> None:
    source = attack("""
        def double(x):
            with open("big.bin", "wb") as f:
                f.seek(10 * 1024**3)
                f.write(b"x")
            return 2 * x
    """)
    result = judge(lab, source)
    assert result.judgement.verdict is Verdict.RUNTIME_ERROR
    assert "File too large" in result.judgement.message or "Errno 27" in result.judgement.message
    honest_still_accepted(lab)


@pytest.mark.skipif(
    not LAYERS.bubblewrap,
    reason="needs a size-capped work dir (bubblewrap); " + "; ".join(LAYERS.not_contained()),
)
def test_many_60mb_files_fill_the_capped_work_dir(lab: dict[str, object]) -> None:
    source = attack("""
        def double(x):
            block = b"x" * (60 * 1024 * 1024)
            for i in range(40):
                with open(f"f{i}.bin", "wb") as f:
                    f.write(block)
            return 2 * x
    """)
    result = judge(lab, source)
    assert result.judgement.verdict is Verdict.RUNTIME_ERROR
    assert "No space left" in result.judgement.message or "Errno 28" in result.judgement.message
    honest_still_accepted(lab)


# ---- attempts to fake a pass: each tries, then returns a wrong value --------------------


def test_object_whose_eq_is_always_true(lab: dict[str, object]) -> None:
    source = attack("""
        class Sneaky(int):
            def __eq__(self, other):
                return True
            __hash__ = int.__hash__

        def double(x):
            return Sneaky(-1)
    """)
    result = judge(lab, source)
    assert result.judgement.verdict is Verdict.WRONG_ANSWER
    assert result.judgement.actual == "-1"
    honest_still_accepted(lab)


def test_printed_forged_results_are_ignored(lab: dict[str, object]) -> None:
    source = attack("""
        import json
        def double(x):
            for n in range(1, 30):
                print(json.dumps({"t": "case", "n": n, "ok": True, "value": 2 * x}))
            print('{"t": "done"}')
            print("Accepted 13/13")
            return -1
    """)
    assert judge(lab, source).judgement.verdict is Verdict.WRONG_ANSWER
    honest_still_accepted(lab)


def test_reading_expected_answers_from_disk_fails(lab: dict[str, object]) -> None:
    targets = [
        str(lab["folder"] / "cases.json"),  # type: ignore[operator]
        str(Path(__file__).resolve().parents[2] / "problems"),
        str(Path(json.__file__).resolve().parent.parent / "site-packages" / "prep"),
        str(lab["home"]),
    ]
    source = attack(f"""
        import json, os
        TARGETS = {targets!r}
        def double(x):
            for target in TARGETS:
                try:
                    for root, _dirs, files in os.walk(target):
                        for name in files:
                            if name == "cases.json" and "double-it" in root:
                                data = json.load(open(os.path.join(root, name)))
                                for case in data["visible"] + data["hidden"]:
                                    if case["args"] == [x]:
                                        return case["expected"]
                    data = json.load(open(target))
                except Exception:
                    pass
            return -1
    """)
    assert judge(lab, source).judgement.verdict is Verdict.WRONG_ANSWER
    honest_still_accepted(lab)


def test_reading_expected_answers_from_caller_frames_fails(lab: dict[str, object]) -> None:
    source = attack("""
        import sys, gc
        def double(x):
            frame = sys._getframe(1)
            while frame is not None:
                for value in list(frame.f_locals.values()) + list(frame.f_globals.values()):
                    if isinstance(value, dict) and "expected" in value:
                        return value["expected"]
                frame = frame.f_back
            for obj in gc.get_objects():
                if isinstance(obj, dict) and "expected" in obj:
                    return obj["expected"]
            return -1
    """)
    assert judge(lab, source).judgement.verdict is Verdict.WRONG_ANSWER
    honest_still_accepted(lab)


def test_secret_in_fake_home_is_unreadable(lab: dict[str, object]) -> None:
    paths = [str(lab["fake_home"] / "secret.txt"), str(lab["home"] / "secret.txt")]  # type: ignore[operator]
    source = attack(f"""
        import os
        def double(x):
            found = []
            for p in {paths!r} + [os.path.expanduser("~/secret.txt")]:
                try:
                    found.append(open(p).read())
                except Exception as exc:
                    found.append(type(exc).__name__)
            print(found)
            return -1 if not any("s3cr3t" in f for f in found) else found
    """)
    result = judge(lab, source)
    assert result.judgement.verdict is Verdict.WRONG_ANSWER
    assert result.judgement.actual == "-1"
    honest_still_accepted(lab)


def test_writing_outside_the_work_dir_fails(lab: dict[str, object]) -> None:
    victim = lab["outside"] / "planted.txt"  # type: ignore[operator]
    home_victim = lab["home"] / "planted.txt"  # type: ignore[operator]
    source = attack(f"""
        def double(x):
            for p in [{str(victim)!r}, {str(home_victim)!r}, "/tmp/prep-planted.txt", "../escape.txt"]:
                try:
                    with open(p, "w") as f:
                        f.write("pwned")
                except Exception:
                    pass
            return -1
    """)
    assert judge(lab, source).judgement.verdict is Verdict.WRONG_ANSWER
    assert not victim.exists() and not home_victim.exists()
    honest_still_accepted(lab)


def test_tcp_connect_to_loopback_reaches_nothing(lab: dict[str, object]) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            received.append(conn.recv(100) or b"<connected>")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    source = attack(f"""
        import socket
        def double(x):
            try:
                s = socket.create_connection(("127.0.0.1", {port}), timeout=1)
                s.sendall(b"leak")
            except Exception:
                pass
            return -1
    """)
    try:
        assert judge(lab, source).judgement.verdict is Verdict.WRONG_ANSWER
    finally:
        stop.set()
        thread.join()
        server.close()
    assert received == []
    honest_still_accepted(lab)


def test_symlink_planted_for_cleanup_is_not_followed(lab: dict[str, object]) -> None:
    outside = lab["outside"]
    assert isinstance(outside, Path)
    source = attack(f"""
        import os
        def double(x):
            for name in ("link", "work-link"):
                try:
                    os.symlink({str(outside)!r}, name)
                except Exception:
                    pass
            return -1
    """)
    assert judge(lab, source).judgement.verdict is Verdict.WRONG_ANSWER
    assert (outside / "keep.txt").read_text() == "keep me"
    honest_still_accepted(lab)


def test_setsid_daemon_does_not_outlive_the_run(lab: dict[str, object]) -> None:
    source = attack("""
        import os, time
        def double(x):
            try:
                if os.fork() == 0:
                    os.setsid()
                    time.sleep(60)
                    os._exit(0)
            except OSError:
                pass
            try:
                os.setsid()
            except OSError:
                pass
            return -1
    """)
    assert judge(lab, source).judgement.verdict is Verdict.WRONG_ANSWER
    assert sandbox_processes() == []
    honest_still_accepted(lab)


# ---- dangerous attacks: canary first, then inside a pid namespace -----------------------

CANARY = attack("""
    import os
    def double(x):
        try:
            pid = os.fork()
        except OSError:
            return "contained"
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        return "forked"
""")


def containment_canary(lab: dict[str, object]) -> None:
    from prep.services.checking import judge_source
    from prep.services.problem_files import load_problem

    files = load_problem(lab["folder"])  # type: ignore[arg-type]

    result = judge_source(files, CANARY)
    if result.actual != "'contained'" and result.verdict is not Verdict.WRONG_ANSWER:
        pytest.skip(
            "the layer that stops forks and signals is not active here: "
            + "; ".join(LAYERS.not_contained())
        )
    if "contained" not in result.actual:
        pytest.skip(
            "forks are not blocked here (seccomp inactive): " + "; ".join(LAYERS.not_contained())
        )


def judge_in_pid_namespace(lab: dict[str, object], source: str) -> dict[str, object]:
    """Run the whole check inside `unshare --pid --fork`, so an escape hits only that namespace."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) for the pid-namespace safety net")
    path = svc.workspace_file(lab["app"], "double-it")  # type: ignore[arg-type]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from prep.services.checking import judge_source
        from prep.services.problem_files import load_problem
        files = load_problem(Path({str(lab["folder"])!r}))
        result = judge_source(files, Path({str(path)!r}).read_text())
        print(json.dumps({{"verdict": result.verdict.value, "actual": result.actual}}))
    """)
    started = time.monotonic()
    proc = subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child", sys.executable, "-c", script],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert time.monotonic() - started < 30
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert sandbox_processes() == []
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "source",
    [
        attack("""
            import os
            def double(x):
                children = 0
                for _ in range(200):
                    os.fork()
                    children += 1
                return -1
        """),
    ],
    ids=["bounded-fork-bomb"],
)
def test_fork_bomb_errors_propagate(lab: dict[str, object], source: str) -> None:
    containment_canary(lab)
    out = judge_in_pid_namespace(lab, source)
    assert out["verdict"] == Verdict.RUNTIME_ERROR.value
    honest_still_accepted(lab)


@pytest.mark.parametrize(
    "body",
    [
        "os.kill(-1, signal.SIGKILL)",
        "os.kill(os.getppid(), signal.SIGKILL)",
        "os.kill(PARENT, signal.SIGKILL)",
        "os.killpg(0, signal.SIGKILL)",
    ],
    ids=["kill-minus-1", "kill-getppid", "kill-real-parent", "killpg-0"],
)
def test_signals_cannot_reach_other_processes(lab: dict[str, object], body: str) -> None:
    containment_canary(lab)
    source = attack(f"""
        import os, signal
        PARENT = {os.getpid()}
        def double(x):
            try:
                {body}
            except OSError:
                pass
            return -1
    """)
    out = judge_in_pid_namespace(lab, source)
    assert out["verdict"] == Verdict.WRONG_ANSWER.value
    assert out["actual"] == "-1"
    honest_still_accepted(lab)
