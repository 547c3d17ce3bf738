"""Reports: every wait a customer had for a first response, kept as rows
(``response_waits``, store/response_waits.py), and how many messages came and
went in each quarter hour on each platform (``message_counts``, kept by the
triggers below on every write, whatever writes); both filled from the messages
already stored.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# As store/response_waits.py rebuilds them, frozen here as of this revision.
FILL = """
    INSERT INTO response_waits (conversation_id, platform, wrote_at, answered_at)
    SELECT cid, platform, at, answered FROM (
        SELECT cid, platform, at, dir, settled,
               CASE WHEN lead(dir) OVER turn = 'outgoing' THEN lead(at) OVER turn END AS answered
        FROM (
            SELECT m.conversation_id AS cid, m.id AS mid, c.platform AS platform,
                   m.sent_at AS at, m.direction AS dir, c.reply_not_needed_at AS settled,
                   lag(m.direction) OVER chat AS before, lag(m.sent_at) OVER chat AS before_at
            FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE TRUE AND c.is_group = 0 AND NOT m.automatic AND m.status != 'failed'
              AND NOT (m.scheduled_for IS NOT NULL AND m.status = 'pending')
            WINDOW chat AS (PARTITION BY m.conversation_id ORDER BY m.sent_at, m.id)
        )
        WHERE (dir = 'incoming' AND (coalesce(before, 'outgoing') = 'outgoing'
                                     OR before_at <= coalesce(settled, -1) AND at > settled))
           OR (dir = 'outgoing' AND before = 'incoming')
        WINDOW turn AS (PARTITION BY cid ORDER BY at, mid)
    )
    WHERE dir = 'incoming' AND NOT (answered IS NULL AND at <= coalesce(settled, -1))
"""

# A message counts where its conversation is (a chat a bridge brings in is on its
# own platform); an automatic one does not count. A conversation deleted forever
# takes its messages' counts with it before they go (its messages' own triggers
# then find no conversation, and leave the counts be).
_ON_CONFLICT = (
    "ON CONFLICT (quarter, platform) DO UPDATE SET "
    "incoming = incoming + excluded.incoming, outgoing = outgoing + excluded.outgoing;"
)
_ADD = (
    "INSERT INTO message_counts (quarter, platform, incoming, outgoing) "
    "SELECT {row}.sent_at / 900000, c.platform, "
    "{sign} * ({row}.direction = 'incoming'), {sign} * ({row}.direction = 'outgoing') "
    "FROM conversations c WHERE c.id = {row}.conversation_id AND NOT {row}.automatic "
    + _ON_CONFLICT
)
COUNT_TRIGGERS = {
    "messages_count_insert": "AFTER INSERT ON messages BEGIN "
    + _ADD.format(row="new", sign="1")
    + " END",
    "messages_count_delete": "AFTER DELETE ON messages BEGIN "
    + _ADD.format(row="old", sign="-1")
    + " END",
    "messages_count_update": "AFTER UPDATE OF sent_at, direction, automatic ON messages BEGIN "
    + _ADD.format(row="old", sign="-1")
    + _ADD.format(row="new", sign="1")
    + " END",
    "conversations_count_delete": "BEFORE DELETE ON conversations BEGIN "
    "INSERT INTO message_counts (quarter, platform, incoming, outgoing) "
    "SELECT m.sent_at / 900000, old.platform, -sum(m.direction = 'incoming'), "
    "-sum(m.direction = 'outgoing') FROM messages m "
    "WHERE m.conversation_id = old.id AND NOT m.automatic GROUP BY 1 " + _ON_CONFLICT + " END",
}
COUNT_ALL = """
    INSERT INTO message_counts (quarter, platform, incoming, outgoing)
    SELECT m.sent_at / 900000, c.platform, sum(m.direction = 'incoming'),
           sum(m.direction = 'outgoing')
    FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE NOT m.automatic
    GROUP BY 1, 2
"""


def upgrade() -> None:
    op.create_table(
        "response_waits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "conversation_id",
            sa.Integer(),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("wrote_at", sa.BigInteger(), nullable=False),
        sa.Column("answered_at", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_response_waits_conversation_id", "response_waits", ["conversation_id"])
    op.create_index(
        "ix_response_waits_wrote",
        "response_waits",
        ["wrote_at", "platform", "answered_at", "conversation_id"],
    )
    op.execute(FILL)
    op.create_table(
        "message_counts",
        sa.Column("quarter", sa.BigInteger(), primary_key=True),
        sa.Column("platform", sa.String(20), primary_key=True),
        sa.Column("incoming", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("outgoing", sa.Integer(), nullable=False, server_default="0"),
        sqlite_with_rowid=False,
    )
    op.execute(COUNT_ALL)
    for name, body in COUNT_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in COUNT_TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("message_counts")
    op.drop_table("response_waits")
