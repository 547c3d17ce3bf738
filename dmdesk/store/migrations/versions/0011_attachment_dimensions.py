"""What a file looks like before it is here: a photo's or video's width and height
as the platform gives them (so its bubble has the right size before the picture
is decoded, and the thread does not jump), a video's or voice note's length, and
the platform's address of a video's poster frame.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attachments", sa.Column("width", sa.Integer()))
    op.add_column("attachments", sa.Column("height", sa.Integer()))
    op.add_column("attachments", sa.Column("duration_ms", sa.Integer()))
    op.add_column(
        "attachments", sa.Column("poster_url", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("attachments") as table:
        for column in ("poster_url", "duration_ms", "height", "width"):
            table.drop_column(column)
