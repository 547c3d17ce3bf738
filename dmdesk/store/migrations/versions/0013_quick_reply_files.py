"""Quick replies with files (a price list, a size chart, a payment QR code):
``quick_replies.files`` lists them, each kept in the workspace's
``quick-replies/`` folder and named there by a path relative to the data folder,
so a workspace moved to another folder keeps its files.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "quick_replies", sa.Column("files", sa.JSON(), nullable=False, server_default="[]")
    )


def downgrade() -> None:
    with op.batch_alter_table("quick_replies") as table:
        table.drop_column("files")
