"""Problems as FSRS items, attempts, judged submissions and the problem log.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _memory_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("stability", sa.Float, nullable=True),
        sa.Column("difficulty", sa.Float, nullable=True),
        sa.Column("due", sa.DateTime, nullable=True),
        sa.Column("last_review", sa.DateTime, nullable=True),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(200), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("available", sa.Boolean, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        *_memory_columns(),
        sa.Column("last_log_id", sa.Integer, nullable=True),
    )
    op.create_index("ix_problems_category", "problems", ["category"])
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("problem_id", sa.Integer, sa.ForeignKey("problems.id"), nullable=False),
        sa.Column("opened_at", sa.DateTime, nullable=False),
        sa.Column("closed_at", sa.DateTime, nullable=True),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("grade", sa.Integer, nullable=True),
        sa.Column("hints_used", sa.Integer, nullable=False),
        sa.Column("failed_checks", sa.Integer, nullable=False),
        sa.Column("budget_minutes", sa.Integer, nullable=False),
    )
    op.create_index("ix_attempts_problem_id", "attempts", ["problem_id"])
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("problem_id", sa.Integer, sa.ForeignKey("problems.id"), nullable=False),
        sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id"), nullable=True),
        sa.Column("submitted_at", sa.DateTime, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("verdict", sa.String(40), nullable=False),
        sa.Column("passed", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("cpu_ms", sa.Integer, nullable=False),
        sa.Column("wall_ms", sa.Integer, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_submissions_problem_id", "submissions", ["problem_id"])
    op.create_table(
        "problem_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("problem_id", sa.Integer, sa.ForeignKey("problems.id"), nullable=False),
        sa.Column("attempt_id", sa.Integer, nullable=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("rating", sa.Integer, nullable=True),
        sa.Column("reviewed_at", sa.DateTime, nullable=False),
        sa.Column("prior_state", sa.String(12), nullable=False),
        *_memory_columns(),
        sa.Column("reverts_id", sa.Integer, nullable=True),
    )
    op.create_index("ix_problem_logs_problem_id", "problem_logs", ["problem_id"])
    op.create_index("ix_problem_logs_reviewed_at", "problem_logs", ["reviewed_at"])


def downgrade() -> None:
    for table in ("problem_logs", "submissions", "attempts", "problems"):
        op.drop_table(table)
