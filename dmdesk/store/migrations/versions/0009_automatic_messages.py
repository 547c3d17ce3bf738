"""Away messages: a message the shop's software sent on its own, or a customer's
bot (``messages.automatic``). It neither ends a customer's wait nor starts one,
and a report does not count it as a first response.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "messages",
        sa.Column("automatic", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("messages", "automatic")
