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
from urllib.parse import quote, unquote

from prep.core.config import Config, parse_config
from prep.core.errors import ConfigError, DamagedDatabaseError, PrepError

if TYPE_CHECKING:
    from fsrs import Scheduler
    from sqlalchemy import Engine

    from prep.store.db import UnitOfWork
    from prep.store.reads import Reader


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


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of the SQLite file `path`. The path is percent-encoded (SQLAlchemy
    decodes it): a `?` or `#` in a folder name would otherwise start a query or fragment."""
    return "sqlite:///" + quote(str(path), safe="/")


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
    # Fitted FSRS parameters, read once; schedulers by the parameters they use.
    _fitted: dict[str | None, tuple[float, ...]] | None = field(
        default=None, init=False, repr=False
    )
    _schedulers: dict[tuple[float, ...] | None, Scheduler] = field(
        default_factory=dict, init=False, repr=False
    )
    # Problems met while finishing an earlier import's file writes (shown by the CLI).
    journal_warnings: list[str] = field(default_factory=list, init=False, repr=False)

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
        return self.db_url or sqlite_url(self.home / "prep.db")

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
        """The collection-wide scheduler (see `scheduler_for` for a deck's cards)."""
        return self.scheduler_for(None)

    def scheduler_for(self, deck: str | None, reader: Reader | None = None) -> Scheduler:
        """The scheduler for cards of `deck`, with the parameters in effect for it.

        config.toml's parameters win, then those fitted for the deck or its nearest parent,
        then those fitted for all decks, then FSRS's defaults (prep.core.parameters). Fitted
        parameters are read once per process, through `reader` when one is open.
        """
        from prep.core.parameters import parameters_for
        from prep.core.schedule import make_scheduler

        fitted = {} if self.config.parameters is not None else self.fitted_parameters(reader)
        choice = parameters_for(self.config.parameters, fitted, deck)
        chosen = choice.parameters if choice.fitted_for is not None else None
        cached = self._schedulers.get(chosen)
        if cached is None:
            cached = self._schedulers[chosen] = make_scheduler(self.config, chosen)
        return cached

    def fitted_parameters(
        self, reader: Reader | None = None
    ) -> dict[str | None, tuple[float, ...]]:
        """Parameters saved by `prep optimize`, by deck (None: all decks); read once."""
        if self._fitted is None:
            from prep.core.parameters import decode_all
            from prep.store.reads import fitted_rows, reading

            if reader is None:
                with reading(self) as fresh:
                    rows = fitted_rows(fresh)
            else:
                rows = fitted_rows(reader)
            fitted, problems = decode_all(rows)
            if problems:
                key, problem = next(iter(problems.items()))
                raise PrepError(
                    f"the fitted FSRS parameters saved under settings key '{key}' are not "
                    f"usable: {problem}; run `prep optimize` for that scope to replace them"
                )
            self._fitted = fitted
        return self._fitted

    def forget_fitted_parameters(self) -> None:
        """Drop what was read, after `prep optimize` saved new parameters."""
        self._fitted = None
        self._schedulers.clear()
        self.__dict__.pop("scheduler", None)

    def now(self) -> datetime:
        return self.clock()

    @cached_property
    def engine(self) -> Engine:
        from prep.store.db import make_engine
        from prep.store.health import damaged_message, header_problem, is_damage
        from prep.store.migrate import ensure_schema

        db_path = self.sqlite_path
        if self.db_url is None:
            try:
                self.home.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise PrepError(f"cannot create the data directory {self.home}: {exc}") from None
        if db_path is not None:
            problem = header_problem(db_path)
            if problem is not None:
                raise DamagedDatabaseError(damaged_message(db_path, problem, self.backup_dir))
        engine = make_engine(self.database_url)
        try:
            ensure_schema(engine, backup_dir=self.backup_dir)
        except PrepError:
            raise
        except Exception as exc:
            if db_path is not None and is_damage(exc):
                raise DamagedDatabaseError(
                    damaged_message(db_path, _short(exc), self.backup_dir)
                ) from None
            raise PrepError(
                f"cannot open the database {engine.url.render_as_string(hide_password=True)}: "
                f"{_short(exc)}; check --db / PREP_DATABASE_URL"
            ) from None
        from prep.store.journal import apply_pending

        # Files an import committed but was killed before writing (prep.store.journal).
        try:
            self.journal_warnings = apply_pending(engine, self.home)
        except BaseException:
            engine.dispose()
            raise
        return engine

    @property
    def backup_dir(self) -> Path:
        return self.home / "backups"

    def backed_up_today(self) -> bool:
        """Whether the backup folder holds a backup taken during the current study day."""
        from prep.core.backups import backed_up_on

        folder = self.backup_dir
        names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
        return backed_up_on(names, self.now(), self.timezone, self.config.day_starts_at)

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file, or None on a server (read from the URL, not the engine)."""
        url = self.database_url
        for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
            if url.startswith(prefix):
                path = unquote(url[len(prefix) :].split("?", 1)[0])  # as SQLAlchemy reads it
                return Path(path) if path and path != ":memory:" else None
        return None

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
