"""Workspace settings (who is answering), and the starter set of quick replies.

The starter set is written here, once, so a new workspace has it and an older
one gains it on upgrade; a user who deletes them never gets them back.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 22:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STARTER_REPLIES = [
    (
        "Order problem: replacement on its way",
        "sorry",
        "Hi {first_name|there}, I'm so sorry about your order. That's not the experience "
        "we want for you. I've sent a replacement today and will message you the tracking "
        "number as soon as I have it. Thank you for your patience!\n{my_name}, {business}",
    ),
    (
        "Thanks for supporting us",
        "thanks",
        "Thank you so much, {first_name|friend}! Every order means a lot to a small "
        "business like ours. I hope you love it. 💛\n{my_name}",
    ),
    (
        "Collaboration pitch: reply",
        "collab",
        "Hi {first_name|there}, thanks for thinking of {business}! Could you send your "
        "rates, audience numbers and a couple of past collaborations? I'll get back to "
        "you within a week.",
    ),
    (
        "Prices",
        "price",
        "Hi {first_name|there}! Our prices are on each product page, and everything is "
        "made to order. Which piece caught your eye? I'm happy to send details.",
    ),
    (
        "Shipping times",
        "shipping",
        "Hi {first_name|there}! UK orders arrive in 3–5 working days, Europe in 5–10 and "
        "the rest of the world in 7–14, always with tracking.",
    ),
    (
        "Opening hours",
        "hours",
        "Hi {first_name|there}! We answer messages Monday to Friday, 9am to 5pm, and "
        "usually within a few hours. Anything arriving at the weekend gets a reply on "
        "Monday.",
    ),
    (
        "Opt-out acknowledged",
        "optout",
        "Understood, {first_name|and thank you}. You won't get any more messages from "
        "{business} unless you write to us first.",
    ),
]


def upgrade() -> None:
    op.create_table(
        "workspace_settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_workspace_settings")),
    )
    quick_replies = sa.table(
        "quick_replies",
        sa.column("name", sa.String),
        sa.column("keyword", sa.String),
        sa.column("body", sa.Text),
        sa.column("platforms", sa.JSON),
        sa.column("position", sa.Integer),
        sa.column("use_count", sa.Integer),
    )
    op.bulk_insert(
        quick_replies,
        [
            {
                "name": name,
                "keyword": keyword,
                "body": body,
                "platforms": [],
                "position": position,
                "use_count": 0,
            }
            for position, (name, keyword, body) in enumerate(STARTER_REPLIES)
        ],
    )


def downgrade() -> None:
    op.drop_table("workspace_settings")
