"""Writing files so that a crash or a kill leaves the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from pathlib import Path

# Temporary files end so; a killed write's leftovers are found by it (prep.store.journal).
TEMP_SUFFIX = ".prep-tmp"


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` (text as UTF-8) to `path` through a temp file beside it, flushed to disk,
    then renamed over it: a reader (or a crash) sees the old file or the new, never half."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}{TEMP_SUFFIX}")
    try:
        with open(tmp, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    sync_dir(path.parent)


def sync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (where the platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_or_none(path: Path) -> str | None:
    """The file's sha256, or None when it cannot be read."""
    try:
        return sha256_of(path.read_bytes())
    except OSError:
        return None
