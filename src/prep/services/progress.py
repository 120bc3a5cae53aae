"""How a long-running use case reports progress: `progress(stage, done, total)`.

Services take an optional callable of this type; the CLI draws it as a progress bar
(`prep.cli.context.progress_bar`), tests record it.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
