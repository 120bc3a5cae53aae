"""Where problems come from, and whether the collection already holds them as they are.

Kept light (no SQLAlchemy, no sandbox): the agenda and `prep check` ask `problems_synced`
on every run.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from prep.app import App, shipped_dir


def problem_roots(app: App) -> list[Path]:
    roots = []
    shipped = shipped_dir("problems")
    if shipped is not None:
        roots.append(shipped)
    user = app.home / "problems"
    if user.is_dir():
        roots.append(user)
    return roots


def fingerprint(roots: list[Path]) -> str:
    """Names, sizes and mtimes of every file under the problem folders."""
    digest = hashlib.sha256()
    for root in roots:
        for dirpath, _dirs, names in sorted(os.walk(root)):
            for name in sorted(names):
                st = os.stat(os.path.join(dirpath, name))
                digest.update(f"{dirpath}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def sync_marker(app: App) -> Path:
    return app.home / "cache" / "problems.sync"


def problems_synced(app: App) -> bool:
    """True when the default collection already holds the problem folders as they are now."""
    marker = sync_marker(app)
    return (
        app.db_url is None
        and marker.exists()
        and marker.read_text() == fingerprint(problem_roots(app))
    )
