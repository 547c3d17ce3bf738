"""Accounts learn their connector settings, keyring entry and rate-limit state;
replies on their way out get an outbox with attempts and retry times.

Replies still pending from an older version enter the outbox, due at once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 23:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as accounts:
        accounts.add_column(sa.Column("settings", sa.JSON(), nullable=False, server_default="{}"))
        accounts.add_column(
            sa.Column("credential_key", sa.String(length=64), nullable=False, server_default="")
        )
        accounts.add_column(
            sa.Column("status_detail", sa.Text(), nullable=False, server_default="")
        )
        accounts.add_column(sa.Column("retry_at", sa.BigInteger(), nullable=True))
    op.create_table(
        "outbox",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.BigInteger(), nullable=False),
        sa.Column("sending_since", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("messaging_tag", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_outbox_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name=op.f("fk_outbox_message_id_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_outbox")),
    )
    op.create_index(op.f("ix_outbox_account_id"), "outbox", ["account_id"], unique=False)
    op.execute(
        "INSERT INTO outbox (message_id, account_id, attempts, next_attempt_at, last_error,"
        " messaging_tag) SELECT id, account_id, 0, sent_at, '', '' FROM messages"
        " WHERE direction = 'outgoing' AND status = 'pending'"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_account_id"), table_name="outbox")
    op.drop_table("outbox")
    with op.batch_alter_table("accounts") as accounts:
        accounts.drop_column("retry_at")
        accounts.drop_column("status_detail")
        accounts.drop_column("credential_key")
        accounts.drop_column("settings")
