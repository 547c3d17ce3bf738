"""Every wait a customer had for a first response, kept as rows (when they wrote
after the shop's last word, and when a person at the shop answered), so a
report over 90 days is one index range and never a pass over a million messages.

The rows of a conversation are rebuilt from its messages whenever they change,
where its ``waiting_since`` is (store/waiting.py), so a late backfill, an import,
an edit of history or a discarded reply all come out right. Automatic messages
take no part (an away message answers nobody, a bot's message starts no wait),
nor do group chats, replies that failed or wait for their time, nor a wait the
owner said needs no reply.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

_FORGET = text("DELETE FROM response_waits WHERE conversation_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
# In time order within each chat, the rows where a turn starts: the customer's
# message after the shop's (or their first, or their first since the owner said
# no reply was needed), and the shop's after the customer's. A customer's turn
# followed by the shop's is answered then.
REBUILD_SQL = """
    INSERT INTO response_waits (conversation_id, platform, wrote_at, answered_at)
    SELECT cid, platform, at, answered FROM (
        SELECT cid, platform, at, dir, settled,
               CASE WHEN lead(dir) OVER turn = 'outgoing' THEN lead(at) OVER turn END AS answered
        FROM (
            SELECT m.conversation_id AS cid, m.id AS mid, c.platform AS platform,
                   m.sent_at AS at, m.direction AS dir, c.reply_not_needed_at AS settled,
                   lag(m.direction) OVER chat AS before, lag(m.sent_at) OVER chat AS before_at
            FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE {which} AND c.is_group = 0 AND NOT m.automatic AND m.status != 'failed'
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
_REBUILD = text(REBUILD_SQL.format(which="m.conversation_id IN :ids")).bindparams(
    bindparam("ids", expanding=True)
)


def rebuild(session: Session, conversation_ids: Sequence[int]) -> None:
    """The waits of these conversations, anew from their messages."""
    if not conversation_ids:
        return
    session.execute(_FORGET, {"ids": list(conversation_ids)})
    session.execute(_REBUILD, {"ids": list(conversation_ids)})
