"""Indexes for today's queue: each deck's most overdue reviews, and today's answers.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A deck's reviews in due order are read straight from this index (the deck prefix also
    # serves what ix_cards_deck did).
    op.drop_index("ix_cards_deck", table_name="cards")
    op.create_index("ix_cards_deck_queue", "cards", ["deck", "active", "state", "due", "id"])
    # Today's answers, and the few undo rows, without scanning the whole log.
    op.create_index("ix_review_logs_kind_at", "review_logs", ["kind", "reviewed_at"])


def downgrade() -> None:
    op.drop_index("ix_review_logs_kind_at", table_name="review_logs")
    op.drop_index("ix_cards_deck_queue", table_name="cards")
    op.create_index("ix_cards_deck", "cards", ["deck"])
