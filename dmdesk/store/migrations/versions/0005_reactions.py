"""Reactions: the emoji people put on messages (WhatsApp's and others', through
Matrix bridges), each kept once by its platform id so a deletion can take it off.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("platform_reaction_id", sa.String(length=200), nullable=False),
        sa.Column("sender_platform_id", sa.String(length=200), nullable=False),
        sa.Column("sender_name", sa.String(length=200), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_reactions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name=op.f("fk_reactions_message_id_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reactions")),
        sa.UniqueConstraint(
            "account_id",
            "platform_reaction_id",
            name=op.f("uq_reactions_account_id_platform_reaction_id"),
        ),
    )
    op.create_index(op.f("ix_reactions_message_id"), "reactions", ["message_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_reactions_message_id"), table_name="reactions")
    op.drop_table("reactions")
