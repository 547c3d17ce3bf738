"""Account health: when an account last fetched successfully (``synced_at``, so
a gap longer than a platform keeps undelivered messages can be told), and its
credential's age and end where the platform's expire (Instagram Login tokens
last 60 days and are renewed by DMDesk).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ("synced_at", "credential_renewed_at", "credential_expires_at"):
        op.add_column("accounts", sa.Column(name, sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as table:
        table.drop_column("credential_expires_at")
        table.drop_column("credential_renewed_at")
        table.drop_column("synced_at")
