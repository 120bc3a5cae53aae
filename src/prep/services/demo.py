"""`prep demo`: a living collection in a separate home, so a newcomer sees the board at once.

It replays five weeks of a job search (and three weeks of reviews) through the same services
the commands use, on a clock it moves by hand. It never opens the user's own data: the demo
App gets its own home and SQLite file, whatever PREP_HOME, PREP_DATABASE_URL or --db say.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from prep.app import App, utc_now
from prep.core.errors import PrepError
from prep.core.offers import Offer
from prep.core.pipeline import Event, Stage, default_minutes, short_id

if TYPE_CHECKING:
    from faker import Faker

ROLES = (
    "ML Engineer",
    "Senior ML Engineer",
    "Applied Scientist",
    "Research Engineer",
    "MLOps Engineer",
    "Data Scientist, ML",
    "ML Platform Engineer",
    "Staff ML Engineer",
    "Computer Vision Engineer",
    "NLP Engineer",
    "Software Engineer, ML",
    "ML Engineer, Ranking",
    "Machine Learning Scientist",
    "Recommender Systems Engineer",
    "Deep Learning Engineer",
)
SOURCES = ("referral", "linkedin", "careers-page", "recruiter")
LEVELS = ("L4", "L5", "Senior", "Staff", "")

# Short names keep the plans below readable as a table.
AP, RC, SC, TE = Stage.APPLIED, Stage.RECRUITER, Stage.SCREEN, Stage.TECHNICAL
TH, ON = Stage.TAKEHOME, Stage.ONSITE


@dataclass(frozen=True)
class Plan:
    """One application's story: its stages, when it started and when it last moved."""

    path: tuple[Stage, ...]
    start_ago: float  # days before now
    last_ago: float
    events: tuple[tuple[str, float, str, str], ...] = ()  # type, days from now, tags, zone
    action: tuple[str, float] | None = None  # text, due in days from now (negative: late)
    offer: str | None = None  # "even" or "backloaded"
    negotiate: bool = False


PLANS = (
    Plan((Stage.WISHLIST,), 6, 6),
    Plan((AP,), 3, 3),
    Plan((AP,), 16, 16),  # idle: nothing has happened for two weeks
    Plan((AP, RC), 12, 2, events=(("recruiter-call", 1.1, "", ""),)),
    Plan(
        (AP, RC, SC),
        20,
        4,
        events=(("phone-screen", 2.2, "python,statistics", "America/New_York"),),
        action=("prepare STAR stories", 1),
    ),
    Plan((AP, SC), 18, 9, action=("follow up with the recruiter", -3)),
    Plan(
        (AP, RC, SC, TE),
        25,
        5,
        events=(("technical", 4.1, "ml-coding,statistics", ""),),
    ),
    Plan(
        (AP, SC, TE),
        22,
        6,
        events=(("technical", -1.2, "dp-1d,graphs", ""),),
        action=("send a thank-you note", -1),
    ),
    Plan((AP, RC, TH), 19, 3, events=(("take-home", 3.3, "ml", ""),)),
    Plan(
        (AP, RC, SC, TE, ON),
        30,
        7,
        events=(("onsite", 6.1, "system-design,behavioral", "Europe/London"),),
    ),
    Plan(
        (AP, RC, SC, TE, ON),
        33,
        12,
        events=(("offer-call", -4.2, "", ""),),
        action=("decide by the deadline", 5),
        offer="even",
    ),
    Plan((AP, RC, TE, ON), 35, 14, offer="backloaded", negotiate=True),
    Plan((AP, SC, Stage.REJECTED), 28, 15),
    Plan((AP, Stage.GHOSTED), 34, 8),
    Plan((AP, RC, Stage.WITHDRAWN), 26, 17),
)


# The negotiation of the second offer: component, kind, amount, days ago.
NEGOTIATION = (
    ("base", "ask", Decimal(215_000), 3.0),
    ("base", "counter", Decimal(200_000), 2.0),
    ("signon", "ask", Decimal(40_000), 1.5),
)


@dataclass(frozen=True)
class DemoReport:
    applications: int
    events: int
    offers: int
    reviews: int


class _Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def demo_home_dir(text: str | None) -> Path:
    """A new directory (printed to the user), or `text` if it is new or empty."""
    if text is None:
        return Path(tempfile.mkdtemp(prefix="prep-demo-"))
    path = Path(text).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise PrepError(f"--home {path} is a file; give a new or empty directory")
    if path.is_dir() and any(path.iterdir()):
        raise PrepError(
            f"--home {path} is not empty; prep demo only writes into a new or empty directory, "
            "so it can never touch existing data"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PrepError(f"cannot create {path}: {exc}") from None
    return path


def build_demo(
    home: Path, seed: int = 7, now: datetime | None = None, reviews: bool = True
) -> DemoReport:
    """Fill `home` (new or empty) with a demo collection ending at `now`."""
    from faker import Faker

    end = now or utc_now()
    clock = _Clock(end - timedelta(days=40))
    rng = random.Random(seed)
    app = App(home=home, db_url=None, clock=clock, rng=random.Random(seed))
    fake = Faker()
    fake.seed_instance(seed)
    steps: list[tuple[datetime, int, Callable[[], object]]] = []
    counts = {"events": 0, "offers": 0, "reviews": 0}

    def at(days_ago: float) -> datetime:
        return end - timedelta(days=days_ago)

    def add(when: datetime, step: Callable[[], object]) -> None:
        steps.append((min(when, end), len(steps), step))

    taken: set[str] = set()
    for i, plan in enumerate(PLANS):
        _plan_steps(app, plan, i, fake, rng, at, add, taken, counts)
    if reviews:
        _review_steps(app, clock, rng, end, add, counts)
    for when, _, step in sorted(steps, key=lambda s: (s[0], s[1])):
        clock.now = when
        step()
    clock.now = end
    if "engine" in app.__dict__:
        app.engine.dispose()
    return DemoReport(len(PLANS), counts["events"], counts["offers"], counts["reviews"])


def _plan_steps(
    app: App,
    plan: Plan,
    i: int,
    fake: Faker,
    rng: random.Random,
    at: Callable[[float], datetime],
    add: Callable[[datetime, Callable[[], object]], None],
    taken: set[str],
    counts: dict[str, int],
) -> None:
    from prep.services import pipeline as svc

    company = str(fake.unique.company())
    slug = short_id(company, taken)
    taken.add(slug)
    role = ROLES[i % len(ROLES)]
    source = SOURCES[rng.randrange(len(SOURCES))]
    level = LEVELS[rng.randrange(len(LEVELS))]
    location = rng.choice(["Remote", str(fake.city()), str(fake.city())])
    recruiter = str(fake.name())
    jitter = rng.uniform(0, 0.3)
    start, last = at(plan.start_ago + jitter), at(plan.last_ago + jitter)
    n = len(plan.path)
    times = [start + (last - start) * (k / (n - 1)) for k in range(n)] if n > 1 else [start]
    add(
        times[0],
        partial(
            svc.add_application,
            app,
            company,
            role,
            level=level,
            location=location,
            source=source,
            url=f"https://jobs.example/{slug}",
            stage=plan.path[0],
            slug=slug,
        ),
    )
    for stage, when in zip(plan.path[1:], times[1:], strict=True):
        add(when, partial(svc.move_application, app, slug, stage))
    if plan.path[-1] != Stage.WISHLIST:
        email = f"{recruiter.split()[0].lower()}@{slug_domain(company)}"
        contact = partial(svc.add_contact, app, slug, recruiter, email, "recruiter")
        add(times[0] + timedelta(hours=3), contact)
    for kind, days, tags, zone in plan.events:
        start_at = _at_hour(at(-days), app, hour=10 + int(days * 10) % 6)
        event = Event(kind, start_at, zone or _zone_name(app), default_minutes(kind), _tags(tags))
        created = min(last + timedelta(hours=2), start_at - timedelta(hours=20))
        add(created, partial(svc.add_event, app, slug, event))
        counts["events"] += 1
    if plan.offer:
        deadline = _at_hour(at(-(9 if plan.negotiate else 5)), app, hour=23, minute=59)
        offer = _offer(plan.offer, deadline)
        add(last + timedelta(days=2), partial(svc.record_offer, app, slug, offer))
        counts["offers"] += 1
    if plan.negotiate:
        for component, kind, amount, ago in NEGOTIATION:
            add(at(ago), partial(svc.negotiate, app, slug, component, kind, amount))
    if plan.action:
        text, due_in = plan.action
        due = _at_hour(at(-due_in), app, hour=23, minute=59)
        add(last + timedelta(hours=4), partial(svc.set_next_action, app, slug, text, due))
    if plan.path[-1] in (Stage.APPLIED, Stage.WISHLIST) and plan.start_ago < 7:
        note = "found through a friend on the team" if source == "referral" else "tailor the CV"
        add(times[0] + timedelta(hours=1), partial(svc.add_note, app, slug, note))


def _review_steps(
    app: App,
    clock: _Clock,
    rng: random.Random,
    end: datetime,
    add: Callable[[datetime, Callable[[], object]], None],
    counts: dict[str, int],
) -> None:
    from prep.core.schedule import Grade
    from prep.services.review import answer
    from prep.services.sync import sync_decks
    from prep.services.today import today_queue

    add(end - timedelta(days=40), lambda: sync_decks(app))
    grades = (Grade.AGAIN, Grade.HARD, Grade.GOOD, Grade.EASY)

    def session(limit: int) -> None:
        for item in today_queue(app)[:limit]:
            grade = rng.choices(grades, weights=(10, 15, 60, 15))[0]
            answer(app, item.candidate.key, grade)
            clock.now += timedelta(seconds=rng.randint(8, 40))
            counts["reviews"] += 1

    for days_ago in range(21, 0, -1):
        if rng.random() < 0.15:
            continue  # a missed day, as in real life
        when = _at_hour(end - timedelta(days=days_ago), app, hour=19)
        add(when, partial(session, rng.randint(8, 20)))


def _offer(kind: str, deadline: datetime) -> Offer:
    if kind == "even":
        return Offer(
            base=Decimal(185_000),
            bonus_pct=Decimal(15),
            signon=Decimal(20_000),
            equity=Decimal(320_000),
            vest_years=4,
            schedule=(Decimal(25),) * 4,
            cliff_months=12,
            currency="USD",
            deadline=deadline,
        )
    return Offer(
        base=Decimal(195_000),
        bonus_pct=Decimal(10),
        signon=Decimal(35_000),
        equity=Decimal(420_000),
        vest_years=4,
        schedule=(Decimal(5), Decimal(15), Decimal(40), Decimal(40)),
        cliff_months=12,
        currency="USD",
        deadline=deadline,
    )


def slug_domain(company: str) -> str:
    word = "".join(ch for ch in company.lower().split()[0] if ch.isalnum()) or "company"
    return f"{word}.example"


def _tags(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split(",") if t)


def _zone_name(app: App) -> str:
    key = getattr(app.timezone, "key", None)
    return key if isinstance(key, str) else "UTC"


def _at_hour(day: datetime, app: App, hour: int, minute: int = 0) -> datetime:
    local = day.astimezone(app.timezone)
    return datetime.combine(local.date(), time(hour, minute), tzinfo=app.timezone)
