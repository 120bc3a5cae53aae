"""Which isolation layers work on this machine, and how to invoke them."""

from __future__ import annotations

import functools
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Layers:
    python: str
    stdlib: str
    lib_dirs: tuple[str, ...]
    numpy_dir: Path | None
    bubblewrap: bool
    bwrap_path: str | None
    seccomp: bool
    landlock: bool
    rlimits: bool = True
    reasons: tuple[str, ...] = ()

    def active(self) -> tuple[str, ...]:
        names = ["rlimits", "new session + group kill", "clean env, -I -S"]
        if self.bubblewrap:
            names.append("bubblewrap (namespaces: pid, net, mount, ipc, uts; size-capped tmpfs)")
        if self.seccomp:
            names.append("seccomp (no fork, no signals out, no sockets)")
        if self.landlock and not self.bubblewrap:
            names.append("landlock (read allowlist, writes to the work dir only)")
        return tuple(names)

    def not_contained(self) -> tuple[str, ...]:
        gaps = []
        if not self.bubblewrap and not self.landlock:
            gaps.append("filesystem: the solution can read files this user can read")
        if not self.bubblewrap:
            gaps.append("disk: the work dir has a per-file cap (64 MiB) but no total cap")
        if not self.bubblewrap and not self.seccomp:
            gaps.append("network: the solution can open sockets")
        if not self.seccomp and not self.bubblewrap:
            gaps.append("processes: forks limited only by RLIMIT_NPROC (not binding for root)")
        if not self.seccomp and self.bubblewrap and os.geteuid() == 0:
            gaps.append("processes: as root, forks are contained only by the pid namespace")
        return tuple(gaps)

    def read_paths(self, needs_numpy: bool) -> tuple[list[str], list[str]]:
        """(readable paths, list-only dirs) for Landlock, leaving out every site-packages.

        A directory that contains site-packages (the stdlib, or the lib dir above it) is
        only listable; each of its other entries is readable.
        """
        hidden = [Path(self.stdlib) / "site-packages"]
        if self.numpy_dir is not None:
            hidden.append(self.numpy_dir)
        read: list[str] = [self.python]
        listable: list[str] = []

        def grant(path: Path) -> None:
            if any(h == path for h in hidden):
                return
            if any(path in h.parents for h in hidden):
                listable.append(str(path))
                for entry in sorted(path.iterdir()):
                    grant(entry)
            else:
                read.append(str(path))

        for d in (self.stdlib, *self.lib_dirs):
            grant(Path(d))
        if needs_numpy and self.numpy_dir is not None:
            read += [str(self.numpy_dir / "numpy"), str(self.numpy_dir / "numpy.libs")]
        return read, listable

    def bwrap_command(self, stage: Path, needs_numpy: bool) -> list[str]:
        assert self.bwrap_path
        cmd = [
            self.bwrap_path, "--unshare-all", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--hostname", "sandbox",
        ]  # fmt: skip
        for d in self.lib_dirs:
            cmd += ["--ro-bind", d, d]
        cmd += ["--ro-bind", self.python, self.python, "--ro-bind", self.stdlib, self.stdlib]
        site = Path(self.stdlib) / "site-packages"
        if site.is_dir():
            cmd += ["--tmpfs", str(site)]  # after every bind that could expose it again
        if Path("/etc/ld.so.cache").exists():
            cmd += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
        cmd += ["--proc", "/proc", "--dev", "/dev", "--size", str(16 << 20), "--tmpfs", "/tmp"]
        cmd += ["--size", str(96 << 20), "--tmpfs", "/work"]
        for name in ("solution.py", "_harness.py", "_guard.py"):
            cmd += ["--ro-bind", str(stage / name), f"/work/{name}"]
        if needs_numpy and self.numpy_dir is not None:
            for name in ("numpy", "numpy.libs"):
                src = self.numpy_dir / name
                if src.exists():
                    cmd += ["--ro-bind", str(src), f"/opt/prep-numpy/{name}"]
        cmd += ["--chdir", "/work", "--"]
        return cmd


def _python() -> str:
    base = Path(sys.base_prefix)
    candidate = base / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    return str(
        candidate.resolve() if candidate.exists() else Path(os.path.realpath(sys.executable))
    )


def _lib_dirs(python: str) -> tuple[str, ...]:
    dirs: list[str] = []
    try:
        out = subprocess.run(["ldd", python], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    for line in out.splitlines():
        parts = line.split()
        path = next((p for p in parts if p.startswith("/")), None)
        if path:
            d = os.path.dirname(path)
            if d not in dirs:
                dirs.append(d)
    return tuple(dirs)


def _numpy_dir() -> Path | None:
    spec = importlib.util.find_spec("numpy")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).parent


def _bwrap_works(
    path: str, python: str, stdlib: str, lib_dirs: tuple[str, ...]
) -> tuple[bool, str]:
    cmd = [path, "--unshare-all", "--die-with-parent", "--new-session",
           "--ro-bind", python, python, "--ro-bind", stdlib, stdlib]  # fmt: skip
    for d in lib_dirs:
        cmd += ["--ro-bind", d, d]
    cmd += ["--proc", "/proc", "--dev", "/dev", "--", python, "-I", "-S", "-c", "print('ok')"]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as exc:
        return False, f"bubblewrap failed to start: {exc}"
    if result.stdout.strip() == "ok":
        return True, ""
    reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
    return False, f"bubblewrap is installed but does not work here: {reason}"


def cached_layers(cache_dir: Path) -> Layers:
    """detect_layers(), remembered on disk until the interpreter, bwrap or kernel changes."""
    import hashlib
    import json

    bwrap = shutil.which("bwrap") or ""
    try:
        bwrap_stamp = os.stat(bwrap).st_mtime_ns if bwrap else 0
    except OSError:
        bwrap_stamp = 0
    key = hashlib.sha256(
        repr((_python(), bwrap, bwrap_stamp, platform.release(), str(_numpy_dir()),
              os.environ.get("PREP_SANDBOX_NO_BWRAP"))).encode()
    ).hexdigest()[:16]  # fmt: skip
    path = cache_dir / f"sandbox-{key}.json"
    try:
        data = json.loads(path.read_text())
        return Layers(
            python=data["python"], stdlib=data["stdlib"], lib_dirs=tuple(data["lib_dirs"]),
            numpy_dir=Path(data["numpy_dir"]) if data["numpy_dir"] else None,
            bubblewrap=data["bubblewrap"], bwrap_path=data["bwrap_path"], seccomp=data["seccomp"],
            landlock=data["landlock"], reasons=tuple(data["reasons"]),
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        pass
    layers = detect_layers()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        data = {
            "python": layers.python, "stdlib": layers.stdlib, "lib_dirs": list(layers.lib_dirs),
            "numpy_dir": str(layers.numpy_dir) if layers.numpy_dir else None,
            "bubblewrap": layers.bubblewrap, "bwrap_path": layers.bwrap_path,
            "seccomp": layers.seccomp, "landlock": layers.landlock, "reasons": list(layers.reasons),
        }  # fmt: skip
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(path)
    except OSError:
        pass
    return layers


@functools.cache
def detect_layers() -> Layers:
    """Probe once per process which layers are usable."""
    reasons: list[str] = []
    if platform.system() != "Linux":
        reasons.append(f"{platform.system()}: only rlimits and a new session are available")
    python = _python()
    stdlib = sysconfig.get_paths(vars={"installed_base": sys.base_prefix, "base": sys.base_prefix})[
        "stdlib"
    ]
    lib_dirs = _lib_dirs(python) if platform.system() == "Linux" else ()
    bwrap = shutil.which("bwrap")
    bubblewrap = False
    if bwrap and platform.system() == "Linux" and not os.environ.get("PREP_SANDBOX_NO_BWRAP"):
        bubblewrap, why = _bwrap_works(bwrap, python, stdlib, lib_dirs)
        if why:
            reasons.append(why)
    elif not bwrap:
        reasons.append("bubblewrap (bwrap) is not installed: apt-get install bubblewrap")
    seccomp = platform.system() == "Linux" and platform.machine() in ("x86_64", "aarch64")
    landlock = False
    if platform.system() == "Linux":
        from prep.sandbox.guard import landlock_abi

        try:
            landlock = int(landlock_abi()) >= 1  # type: ignore[no-untyped-call]
        except OSError:
            landlock = False
        if not landlock:
            reasons.append("Landlock is not enabled in this kernel")
    return Layers(
        python=python,
        stdlib=stdlib,
        lib_dirs=lib_dirs,
        numpy_dir=_numpy_dir(),
        bubblewrap=bubblewrap,
        bwrap_path=bwrap,
        seccomp=seccomp,
        landlock=landlock,
        reasons=tuple(reasons),
    )
