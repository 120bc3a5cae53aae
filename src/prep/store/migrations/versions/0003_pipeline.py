"""Pipeline tracker: applications, stage history, contacts, events, offers, negotiation log.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _application_fk() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("application_id", sa.Integer, sa.ForeignKey("applications.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(40), nullable=False, unique=True),
        sa.Column("company", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("level", sa.String(100), nullable=False),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("url", sa.String(1000), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("stage_since", sa.DateTime, nullable=False),
        sa.Column("next_action", sa.Text, nullable=True),
        sa.Column("next_action_due", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_activity_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_applications_stage", "applications", ["stage"])
    op.create_table(
        "stage_transitions",
        sa.Column("id", sa.Integer, primary_key=True),
        _application_fk(),
        sa.Column("from_stage", sa.String(20), nullable=True),
        sa.Column("to_stage", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("forced", sa.Boolean, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_stage_transitions_application_id", "stage_transitions", ["application_id"])
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer, primary_key=True),
        _application_fk(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_contacts_application_id", "contacts", ["application_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        _application_fk(),
        sa.Column("uid", sa.String(64), nullable=False, unique=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("starts_at", sa.DateTime, nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_events_application_id", "events", ["application_id"])
    op.create_index("ix_events_starts_at", "events", ["starts_at"])
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "application_id",
            sa.Integer,
            sa.ForeignKey("applications.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("base_cents", sa.BigInteger, nullable=False),
        sa.Column("bonus_bp", sa.Integer, nullable=False),
        sa.Column("signon_cents", sa.BigInteger, nullable=False),
        sa.Column("equity_cents", sa.BigInteger, nullable=False),
        sa.Column("vest_schedule", sa.String(200), nullable=False),
        sa.Column("cliff_months", sa.Integer, nullable=False),
        sa.Column("deadline", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "negotiation_log",
        sa.Column("id", sa.Integer, primary_key=True),
        _application_fk(),
        sa.Column("component", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_negotiation_log_application_id", "negotiation_log", ["application_id"])


def downgrade() -> None:
    for table in (
        "negotiation_log",
        "offers",
        "events",
        "contacts",
        "stage_transitions",
        "applications",
    ):
        op.drop_table(table)
