"""Stages: where each person stands (New, Asked, Ordered…), with when they got
there, indexed for the left pane's counts and ``stage:`` in search; and the
People table's orders by last message and by wait, each person's newest
conversation and longest wait one index seek away.

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

PERSON_ACTIVITY = "contact_id IS NOT NULL AND trashed = 0"
PERSON_WAITING = (
    "contact_id IS NOT NULL AND waiting_since IS NOT NULL AND archived = 0 AND trashed = 0"
)


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
    op.create_index(
        "ix_conversations_person_activity",
        "conversations",
        ["contact_id", "last_activity_at"],
        sqlite_where=sa.text(PERSON_ACTIVITY),
        postgresql_where=sa.text(PERSON_ACTIVITY),
    )
    op.create_index(
        "ix_conversations_person_waiting",
        "conversations",
        ["contact_id", "waiting_since"],
        sqlite_where=sa.text(PERSON_WAITING),
        postgresql_where=sa.text(PERSON_WAITING),
    )


def downgrade() -> None:
    op.drop_index("ix_conversations_person_waiting", "conversations")
    op.drop_index("ix_conversations_person_activity", "conversations")
    op.drop_index("ix_contacts_stage", "contacts")
    op.drop_column("contacts", "stage_changed_at")
    op.drop_column("contacts", "stage")
