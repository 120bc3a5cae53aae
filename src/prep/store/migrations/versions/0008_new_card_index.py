"""Indexes for today's new cards (each deck's notes in file order) and for buried cards.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
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
    # The few buried cards, which `prep decks` takes off the counts it reads from an index.
    op.create_index(
        "ix_cards_buried",
        "cards",
        ["buried_until"],
        sqlite_where=sa.text("buried_until IS NOT NULL"),
        postgresql_where=sa.text("buried_until IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_cards_buried", table_name="cards")
    op.drop_index("ix_notes_deck_position", table_name="notes")
    op.create_index("ix_notes_deck", "notes", ["deck"])
