"""Stages: where each person stands (New, Asked, Ordered…), with when they got
there, indexed for the left pane's counts and ``stage:`` in search.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contacts", sa.Column("stage", sa.String(40), nullable=False, server_default=""))
    op.add_column("contacts", sa.Column("stage_changed_at", sa.BigInteger(), nullable=True))
    op.create_index(
        "ix_contacts_stage",
        "contacts",
        ["stage"],
        sqlite_where=sa.text("stage != ''"),
        postgresql_where=sa.text("stage != ''"),
    )


def downgrade() -> None:
    op.drop_index("ix_contacts_stage", "contacts")
    op.drop_column("contacts", "stage_changed_at")
    op.drop_column("contacts", "stage")
