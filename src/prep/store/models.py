"""SQLAlchemy models. Times are stored as naive UTC; the repositories re-attach UTC."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class DeckFileRow(Base):
    """A deck file seen by sync, with its fingerprint so unchanged files are skipped."""

    __tablename__ = "deck_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    root: Mapped[str] = mapped_column(String(1000))
    path: Mapped[str] = mapped_column(String(1000), unique=True)
    content_hash: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class NoteRow(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    deck: Mapped[str] = mapped_column(String(500))
    area: Mapped[str | None] = mapped_column(String(100), nullable=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(Text, default="")  # space-separated, padded: " a b "
    root: Mapped[str] = mapped_column(String(1000))
    path: Mapped[str] = mapped_column(String(1000))
    line: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # removed: its file still exists without it (or was deleted); unavailable: its directory
    # is not configured or missing on this run.
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    available: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (Index("ix_notes_deck_position", "deck", "position"),)


class CardRow(Base):
    __tablename__ = "cards"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(220), unique=True)
    note_pk: Mapped[int] = mapped_column(ForeignKey("notes.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    deck: Mapped[str] = mapped_column(String(500))
    # Cached replay of the review log; recomputed inside every write transaction.
    state: Mapped[str] = mapped_column(String(12), default="new")
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_review: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    # active: shown when due; it is false when suspended, removed or unavailable.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    leech: Mapped[bool] = mapped_column(Boolean, default=False)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)  # its note no longer makes it
    buried_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    flag: Mapped[int] = mapped_column(Integer, default=0)
    last_log_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[NoteRow] = relationship(lazy="raise")

    __table_args__ = (
        Index("ix_cards_queue", "active", "state", "due"),
        Index("ix_cards_deck_queue", "deck", "active", "state", "due", "id"),
        # Only the few buried cards, so `prep decks` can take them off its counts.
        Index(
            "ix_cards_buried",
            "buried_until",
            sqlite_where=text("buried_until IS NOT NULL"),
            postgresql_where=text("buried_until IS NOT NULL"),
        ),
    )


class ReviewLogRow(Base):
    """Append-only. Each row stores the state that resulted from it."""

    __tablename__ = "review_logs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # review | undo | forget
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    prior_state: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(12))
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_review: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_days: Mapped[float | None] = mapped_column(Float, nullable=True)
    duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    parameters: Mapped[str | None] = mapped_column(Text, nullable=True)
    desired_retention: Mapped[float | None] = mapped_column(Float, nullable=True)
    # An undo row points at the row it reverts; the reverted row is then ignored by replay.
    reverts_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    deck: Mapped[str] = mapped_column(String(500), default="")
    note_id: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ix_review_logs_kind_at", "kind", "reviewed_at"),)


class StoryRow(Base):
    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    situation: Mapped[str] = mapped_column(Text, default="")
    task: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    competencies: Mapped[str] = mapped_column(Text, default="")  # space-separated, padded
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ProblemRow(Base):
    """A shipped or user problem, with its FSRS state (problems are scheduled like cards)."""

    __tablename__ = "problems"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(100), index=True)
    level: Mapped[str] = mapped_column(String(10))  # easy | medium | hard
    minutes: Mapped[int] = mapped_column(Integer)
    tags: Mapped[str] = mapped_column(Text, default="")  # space-separated, padded
    path: Mapped[str] = mapped_column(String(1000))
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(12), default="new")
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_review: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    last_log_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AttemptRow(Base):
    """One sitting at a problem: opened by `prep solve`, closed by Accepted or a give-up."""

    __tablename__ = "attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    outcome: Mapped[str] = mapped_column(String(12), default="open")  # open|accepted|gave_up
    grade: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hints_used: Mapped[int] = mapped_column(Integer, default=0)
    failed_checks: Mapped[int] = mapped_column(Integer, default=0)
    budget_minutes: Mapped[int] = mapped_column(Integer)


class SubmissionRow(Base):
    """Every judged run of a solution, with its code and verdict."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"), index=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id"), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    code: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(40))
    passed: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    cpu_ms: Mapped[int] = mapped_column(Integer)
    wall_ms: Mapped[int] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")


class ProblemLogRow(Base):
    """Append-only FSRS log of problem grades, like review_logs for cards."""

    __tablename__ = "problem_logs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"), index=True)
    attempt_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(12))  # review | undo | forget
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    prior_state: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(12))
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_review: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    reverts_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


# --- Pipeline tracker (DESIGN §5) ------------------------------------------------------------
# Amounts are stored as whole cents (BigInteger) and percentages as basis points, so no
# Decimal column is needed (SQLite has none). Times are naive UTC like everywhere else.


class ApplicationRow(Base):
    """One job application; `stage` caches the replay of its stage history."""

    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    company: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(100), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(100), default="")
    url: Mapped[str] = mapped_column(String(1000), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(20), index=True)
    stage_since: Mapped[datetime] = mapped_column(DateTime)
    next_action: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_action_due: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_activity_at: Mapped[datetime] = mapped_column(DateTime)


class StageTransitionRow(Base):
    """Append-only stage history. `at` never goes back in time within one application."""

    __tablename__ = "stage_transitions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_stage: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime)
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class ContactRow(Base):
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class EventRow(Base):
    """An interview or call. `starts_at` is UTC; `zone` is the IANA zone it was given in."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    zone: Mapped[str] = mapped_column(String(64))
    minutes: Mapped[int] = mapped_column(Integer)
    tags: Mapped[str] = mapped_column(Text, default="")  # space-separated, padded
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class OfferRow(Base):
    """The offer of one application (recording a new one replaces it)."""

    __tablename__ = "offers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    currency: Mapped[str] = mapped_column(String(3))
    base_cents: Mapped[int] = mapped_column(BigInteger)
    bonus_bp: Mapped[int] = mapped_column(Integer, default=0)
    signon_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    equity_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    vest_schedule: Mapped[str] = mapped_column(String(200))  # yearly percentages: "5,15,40,40"
    cliff_months: Mapped[int] = mapped_column(Integer, default=12)
    deadline: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class NegotiationRow(Base):
    """Append-only negotiation log: an ask, a counter or a final figure for one component."""

    __tablename__ = "negotiation_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    component: Mapped[str] = mapped_column(String(10))  # base | bonus | signon | equity
    kind: Mapped[str] = mapped_column(String(10))  # ask | counter | final
    # cents of the offer's currency; for `bonus`, basis points of base
    amount: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(DateTime)


class ActivityRow(Base):
    """A moment of study activity (a REPL command, a review); study time is built from these."""

    __tablename__ = "activity"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    source: Mapped[str] = mapped_column(String(40))  # repl | review | mock | attempt


class MockRoundRow(Base):
    """One timed mock round, its rubric self-scores and report."""

    __tablename__ = "mock_rounds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template: Mapped[str] = mapped_column(String(100))
    application_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    planned_minutes: Mapped[int] = mapped_column(Integer)
    scores: Mapped[str] = mapped_column(Text, default="{}")  # JSON: rubric name -> 1..4
    report: Mapped[str] = mapped_column(Text, default="{}")  # JSON report


class MockSectionRow(Base):
    __tablename__ = "mock_sections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("mock_rounds.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # coding | concepts | behavioral | break
    title: Mapped[str] = mapped_column(String(200))
    planned_minutes: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    result: Mapped[str] = mapped_column(Text, default="{}")  # JSON


class SettingRow(Base):
    """A setting prep writes itself (not the user's config.toml): key → JSON value."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    updated_at: Mapped[datetime] = mapped_column(DateTime)


# --- Anki import (issue #8) ------------------------------------------------------------------


class AnkiReviewRow(Base):
    """An Anki revlog entry already imported for a card, so a re-import never adds it twice."""

    __tablename__ = "anki_reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), index=True)
    revlog_id: Mapped[int] = mapped_column(BigInteger)  # Anki's id: epoch milliseconds

    __table_args__ = (UniqueConstraint("card_id", "revlog_id", name="uq_anki_reviews_card"),)


class FileJournalRow(Base):
    """A file an import committed to write: replayed on the next start if the write was cut off.

    `path` is relative to `home`; the content is `content` (text) or the file `staged` (a path
    relative to `home`, e.g. a media file unpacked before the commit).
    """

    __tablename__ = "file_journal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    home: Mapped[str] = mapped_column(String(1000))
    path: Mapped[str] = mapped_column(String(1000))
    content: Mapped[str | None] = mapped_column(Text, nullable=True)
    staged: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
