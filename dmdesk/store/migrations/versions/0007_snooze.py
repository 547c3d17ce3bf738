"""Snooze: a conversation leaves the Inbox until a time (or until the customer
writes), then comes back to the top, unread, and is announced once.

The Inbox's and Waiting's partial indexes now leave snoozed rows out, so their
page reads stay one index range; Snoozed and the contacts' follow-up dates get
indexes of their own.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INBOX = "archived = 0 AND trashed = 0 AND snoozed_until IS NULL"
WAITING = "waiting_since IS NOT NULL AND archived = 0 AND trashed = 0 AND snoozed_until IS NULL"
SNOOZED = "snoozed_until IS NOT NULL AND trashed = 0"
OLD_INBOX = "archived = 0 AND trashed = 0"
OLD_WAITING = "waiting_since IS NOT NULL AND archived = 0 AND trashed = 0"


def _indexes(inbox: str, waiting: str) -> None:
    op.create_index(
        "ix_conversations_inbox_order",
        "conversations",
        ["pinned", "last_activity_at", "id"],
        sqlite_where=sa.text(inbox),
        postgresql_where=sa.text(inbox),
    )
    op.create_index(
        "ix_conversations_waiting",
        "conversations",
        ["waiting_since", "id"],
        sqlite_where=sa.text(waiting),
        postgresql_where=sa.text(waiting),
    )


def upgrade() -> None:
    op.add_column(
        "conversations",
        sa.Column("snooze_if_no_reply", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("conversations", sa.Column("back_from_snooze_at", sa.BigInteger(), nullable=True))
    op.drop_index("ix_conversations_inbox_order", table_name="conversations")
    op.drop_index("ix_conversations_waiting", table_name="conversations")
    _indexes(INBOX, WAITING)
    op.create_index(
        "ix_conversations_snoozed",
        "conversations",
        ["snoozed_until", "id"],
        sqlite_where=sa.text(SNOOZED),
        postgresql_where=sa.text(SNOOZED),
    )
    op.create_index(
        "ix_contacts_follow_up",
        "contacts",
        ["follow_up_on", "id"],
        sqlite_where=sa.text("follow_up_on IS NOT NULL"),
        postgresql_where=sa.text("follow_up_on IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_contacts_follow_up", table_name="contacts")
    op.drop_index("ix_conversations_snoozed", table_name="conversations")
    op.drop_index("ix_conversations_waiting", table_name="conversations")
    op.drop_index("ix_conversations_inbox_order", table_name="conversations")
    _indexes(OLD_INBOX, OLD_WAITING)
    op.drop_column("conversations", "back_from_snooze_at")
    op.drop_column("conversations", "snooze_if_no_reply")
