"""Where prep's data lives and how to open it. Nothing here runs at import time."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from prep.core.config import Config, parse_config
from prep.core.errors import ConfigError, PrepError

if TYPE_CHECKING:
    from fsrs import Scheduler
    from sqlalchemy import Engine

    from prep.store.db import UnitOfWork


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("prep", appauthor=False))


def shipped_dir(name: str) -> Path | None:
    """A shipped data folder (`decks`), from an installed wheel or from a source checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_data" / name, package.parent.parent / name):
        if candidate.is_dir():
            return candidate
    return None


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    """Everything a command needs: paths, settings, database, clock and randomness."""

    home: Path
    db_url: str | None = None
    clock: Callable[[], datetime] = utc_now
    rng: random.Random = field(default_factory=random.Random)
    extra_deck_dirs: tuple[Path, ...] = ()

    @classmethod
    def from_env(cls, home: str | None = None, db_url: str | None = None) -> App:
        home_path = Path(home or os.environ.get("PREP_HOME") or default_home()).expanduser()
        url = db_url or os.environ.get("PREP_DATABASE_URL") or None
        extra = tuple(
            Path(p).expanduser() for p in os.environ.get("PREP_DECKS", "").split(os.pathsep) if p
        )
        return cls(home=home_path, db_url=url, extra_deck_dirs=extra)

    @property
    def config_path(self) -> Path:
        return self.home / "config.toml"

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.home / 'prep.db'}"

    @cached_property
    def config(self) -> Config:
        try:
            text = self.config_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Config()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read {self.config_path}: {exc}") from None
        return parse_config(text, str(self.config_path))

    @cached_property
    def timezone(self) -> tzinfo:
        name = self.config.timezone
        if name:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                raise ConfigError(
                    f"{self.config_path}: scheduling.timezone = {name!r} is not a known time zone; "
                    'use a name such as "Europe/Paris"'
                ) from None
        local = datetime.now().astimezone().tzinfo
        return local or UTC

    @cached_property
    def scheduler(self) -> Scheduler:
        from prep.core.schedule import make_scheduler

        return make_scheduler(self.config)

    def now(self) -> datetime:
        return self.clock()

    @cached_property
    def engine(self) -> Engine:
        from prep.store.db import make_engine
        from prep.store.migrate import ensure_schema

        if self.db_url is None:
            try:
                self.home.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise PrepError(f"cannot create the data directory {self.home}: {exc}") from None
        engine = make_engine(self.database_url)
        try:
            ensure_schema(engine, backup_dir=self.home / "backups")
        except PrepError:
            raise
        except Exception as exc:
            raise PrepError(
                f"cannot open the database {engine.url.render_as_string(hide_password=True)}: "
                f"{_short(exc)}; check --db / PREP_DATABASE_URL"
            ) from None
        return engine

    def uow(self, write: bool = False) -> UnitOfWork:
        from prep.store.db import UnitOfWork

        return UnitOfWork(self.engine, write=write)

    def deck_dirs(self) -> list[Path]:
        """Configured deck directories, in priority order: shipped, user home, config, env."""
        dirs: list[Path] = []
        shipped = shipped_dir("decks")
        if shipped is not None:
            dirs.append(shipped)
        dirs.append(self.user_deck_dir)
        dirs += [Path(p).expanduser() for p in self.config.deck_dirs]
        dirs += list(self.extra_deck_dirs)
        seen: list[Path] = []
        for d in dirs:
            resolved = d.resolve()
            if resolved not in seen:
                seen.append(resolved)
        return seen

    @property
    def user_deck_dir(self) -> Path:
        return self.home / "decks"


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
