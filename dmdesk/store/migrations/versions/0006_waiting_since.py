"""Who is waiting: since when the customer has waited for an answer (their first
message after the shop's last), and when the owner said no reply is needed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WAITING = "waiting_since IS NOT NULL AND archived = 0 AND trashed = 0"
# As store/waiting.py computes it today; written out, so this step stays what it was.
BACKFILL = """
UPDATE conversations SET waiting_since = (
    SELECT min(m.sent_at) FROM messages m
    WHERE m.conversation_id = conversations.id AND m.direction = 'incoming'
      AND m.sent_at > coalesce((
          SELECT max(o.sent_at) FROM messages o
          WHERE o.conversation_id = conversations.id AND o.direction = 'outgoing'
      ), -1)
)
"""
# A history imported into an account of its own is history: nobody waits in it.
HISTORY_ANSWERED = """
UPDATE conversations SET waiting_since = NULL, reply_not_needed_at = (
    SELECT max(m.sent_at) FROM messages m WHERE m.conversation_id = conversations.id
)
WHERE account_id IN (SELECT id FROM accounts WHERE status = 'imported')
"""


def upgrade() -> None:
    op.add_column("conversations", sa.Column("waiting_since", sa.BigInteger(), nullable=True))
    op.add_column("conversations", sa.Column("reply_not_needed_at", sa.BigInteger(), nullable=True))
    op.execute(BACKFILL)
    op.execute(HISTORY_ANSWERED)
    op.create_index(
        "ix_conversations_waiting",
        "conversations",
        ["waiting_since", "id"],
        sqlite_where=sa.text(WAITING),
        postgresql_where=sa.text(WAITING),
    )


def downgrade() -> None:
    op.drop_index("ix_conversations_waiting", table_name="conversations")
    op.drop_column("conversations", "reply_not_needed_at")
    op.drop_column("conversations", "waiting_since")
