"""Send later: a reply written now and sent at a time (``messages.scheduled_for``,
kept after it went, so the bubble can say it went late), held back in the outbox
when the customer writes first or has opted out by then (``outbox.held_reason``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SCHEDULED = "scheduled_for IS NOT NULL AND status = 'pending'"


def upgrade() -> None:
    op.add_column("messages", sa.Column("scheduled_for", sa.BigInteger(), nullable=True))
    op.add_column(
        "outbox",
        sa.Column("held_reason", sa.String(20), nullable=False, server_default=""),
    )
    op.create_index(
        "ix_messages_scheduled",
        "messages",
        ["scheduled_for", "id"],
        sqlite_where=sa.text(SCHEDULED),
        postgresql_where=sa.text(SCHEDULED),
    )


def downgrade() -> None:
    op.drop_index("ix_messages_scheduled", table_name="messages")
    op.drop_column("outbox", "held_reason")
    op.drop_column("messages", "scheduled_for")
