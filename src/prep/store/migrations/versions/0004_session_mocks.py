"""Study activity (for study time and streaks) and mock rounds with their sections.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
    )
    op.create_index("ix_activity_at", "activity", ["at"])
    op.create_table(
        "mock_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("template", sa.String(100), nullable=False),
        sa.Column("application_id", sa.Integer, nullable=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=True),
        sa.Column("planned_minutes", sa.Integer, nullable=False),
        sa.Column("scores", sa.Text, nullable=False),
        sa.Column("report", sa.Text, nullable=False),
    )
    op.create_index("ix_mock_rounds_application_id", "mock_rounds", ["application_id"])
    op.create_table(
        "mock_sections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("mock_rounds.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("planned_minutes", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=True),
        sa.Column("ended_at", sa.DateTime, nullable=True),
        sa.Column("result", sa.Text, nullable=False),
    )
    op.create_index("ix_mock_sections_round_id", "mock_sections", ["round_id"])


def downgrade() -> None:
    for table in ("mock_sections", "mock_rounds", "activity"):
        op.drop_table(table)
