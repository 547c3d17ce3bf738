"""Replies to a message: ``messages.reply_to`` keeps the platform's id of the
message one answers (Telegram's reply_to_message, Matrix's m.in_reply_to, Meta's
reply_to), incoming and ours. An id, not a row's key: the original may be older
than the history DMDesk has, and may come in later with an import.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("messages", sa.Column("reply_to", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("messages") as table:
        table.drop_column("reply_to")
