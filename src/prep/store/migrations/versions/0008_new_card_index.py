"""Index for today's new cards: each deck's notes in file order.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A deck's first new cards are found by walking its notes in file order and stopping at
    # the window, instead of sorting every new card of the deck (the deck prefix also serves
    # what ix_notes_deck did).
    op.drop_index("ix_notes_deck", table_name="notes")
    op.create_index("ix_notes_deck_position", "notes", ["deck", "position"])


def downgrade() -> None:
    op.drop_index("ix_notes_deck_position", table_name="notes")
    op.create_index("ix_notes_deck", "notes", ["deck"])
