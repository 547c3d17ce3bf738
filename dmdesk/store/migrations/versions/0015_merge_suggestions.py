"""Merge suggestions: each identity keeps the keys that say two may be one person
(its phone number's digits, its handle or e-mail in lower case), indexed, filled
in here for the identities already stored; and the pairs the owner said are not
the same person.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 20:00:00
"""

import sqlalchemy as sa
from alembic import op

from dmdesk.store.match_keys import handle_key, phone_key

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "contact_identities",
        sa.Column("phone_key", sa.String(20), nullable=False, server_default=""),
    )
    op.add_column(
        "contact_identities",
        sa.Column("handle_key", sa.String(200), nullable=False, server_default=""),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, platform_user_id, handle, display_name FROM contact_identities")
    ).fetchall()
    keyed = [
        {"id": row_id, "phone": phone_key(handle, user_id, name), "handle": handle_key(handle)}
        for row_id, user_id, handle, name in rows
    ]
    keyed = [k for k in keyed if k["phone"] or k["handle"]]
    if keyed:
        connection.execute(
            sa.text(
                "UPDATE contact_identities SET phone_key = :phone, handle_key = :handle "
                "WHERE id = :id"
            ),
            keyed,
        )
    for column in ("phone_key", "handle_key"):
        op.create_index(
            f"ix_contact_identities_{column}",
            "contact_identities",
            [column],
            sqlite_where=sa.text(f"{column} != ''"),
            postgresql_where=sa.text(f"{column} != ''"),
        )
    op.create_table(
        "not_same_people",
        sa.Column(
            "first_contact_id",
            sa.Integer(),
            sa.ForeignKey("contacts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "second_contact_id",
            sa.Integer(),
            sa.ForeignKey("contacts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index(
        "ix_not_same_people_second_contact_id", "not_same_people", ["second_contact_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_not_same_people_second_contact_id", "not_same_people")
    op.drop_table("not_same_people")
    for column in ("handle_key", "phone_key"):
        op.drop_index(f"ix_contact_identities_{column}", "contact_identities")
    # In place (SQLite 3.35+): a batch copy of the table would trip the search
    # index's triggers, which name it.
    for column in ("handle_key", "phone_key"):
        op.execute(f"ALTER TABLE contact_identities DROP COLUMN {column}")
