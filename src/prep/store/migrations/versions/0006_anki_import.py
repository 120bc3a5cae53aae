"""Anki import: the revlog entries already imported, and the journal of files to write.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anki_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("card_id", sa.Integer, sa.ForeignKey("cards.id"), nullable=False),
        sa.Column("revlog_id", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("card_id", "revlog_id", name="uq_anki_reviews_card"),
    )
    op.create_index("ix_anki_reviews_card_id", "anki_reviews", ["card_id"])
    op.create_table(
        "file_journal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("home", sa.String(1000), nullable=False),
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("content", sa.Text, nullable=True),
        sa.Column("staged", sa.String(1000), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("file_journal")
    op.drop_index("ix_anki_reviews_card_id", table_name="anki_reviews")
    op.drop_table("anki_reviews")
