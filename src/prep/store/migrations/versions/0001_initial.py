"""Initial schema: deck files, notes, cards, append-only review logs, story bank.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deck_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("root", sa.String(1000), nullable=False),
        sa.Column("path", sa.String(1000), nullable=False, unique=True),
        sa.Column("content_hash", sa.String(80), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note_id", sa.String(200), nullable=False, unique=True),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("deck", sa.String(500), nullable=False),
        sa.Column("area", sa.String(100), nullable=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("root", sa.String(1000), nullable=False),
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("removed", sa.Boolean, nullable=False),
        sa.Column("available", sa.Boolean, nullable=False),
    )
    op.create_index("ix_notes_deck", "notes", ["deck"])
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(220), nullable=False, unique=True),
        sa.Column("note_pk", sa.Integer, sa.ForeignKey("notes.id"), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("deck", sa.String(500), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("stability", sa.Float, nullable=True),
        sa.Column("difficulty", sa.Float, nullable=True),
        sa.Column("due", sa.DateTime, nullable=True),
        sa.Column("last_review", sa.DateTime, nullable=True),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("suspended", sa.Boolean, nullable=False),
        sa.Column("leech", sa.Boolean, nullable=False),
        sa.Column("removed", sa.Boolean, nullable=False),
        sa.Column("buried_until", sa.DateTime, nullable=True),
        sa.Column("flag", sa.Integer, nullable=False),
        sa.Column("last_log_id", sa.Integer, nullable=True),
    )
    op.create_index("ix_cards_note_pk", "cards", ["note_pk"])
    op.create_index("ix_cards_queue", "cards", ["active", "state", "due"])
    op.create_index("ix_cards_deck", "cards", ["deck"])
    op.create_table(
        "review_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("card_id", sa.Integer, sa.ForeignKey("cards.id"), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("rating", sa.Integer, nullable=True),
        sa.Column("reviewed_at", sa.DateTime, nullable=False),
        sa.Column("prior_state", sa.String(12), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("stability", sa.Float, nullable=True),
        sa.Column("difficulty", sa.Float, nullable=True),
        sa.Column("due", sa.DateTime, nullable=True),
        sa.Column("last_review", sa.DateTime, nullable=True),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
        sa.Column("elapsed_days", sa.Float, nullable=True),
        sa.Column("duration_ms", sa.Integer, nullable=True),
        sa.Column("parameters", sa.Text, nullable=True),
        sa.Column("desired_retention", sa.Float, nullable=True),
        sa.Column("reverts_id", sa.Integer, nullable=True),
        sa.Column("deck", sa.String(500), nullable=False),
        sa.Column("note_id", sa.String(200), nullable=False),
    )
    op.create_index("ix_review_logs_card_id", "review_logs", ["card_id"])
    op.create_index("ix_review_logs_reviewed_at", "review_logs", ["reviewed_at"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("situation", sa.Text, nullable=False),
        sa.Column("task", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("competencies", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("stories", "review_logs", "cards", "notes", "deck_files"):
        op.drop_table(table)
