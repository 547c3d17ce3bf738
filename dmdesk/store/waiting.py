"""Since when a customer has waited for an answer, kept on the conversation
(``waiting_since``, as Chatwoot keeps it) so the Waiting view and its count are
one index range, never derived from the messages at read time.

A conversation waits from the customer's first message after the shop's last
one (a reply, pending or sent, from DMDesk or another app; not one scheduled for
later until it goes, nor an away message) and after the owner last said no reply
is needed; a bot's message never starts a wait; it is recomputed from the messages whenever they
change, so a late backfill, an import or a discarded reply all come out right.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from dmdesk.store import response_waits
from dmdesk.store.schema import ConversationRow

_WAITING_SINCE = """
    SELECT min(m.sent_at) FROM messages m
    WHERE m.conversation_id = conversations.id AND m.direction = 'incoming'
      AND NOT m.automatic
      AND m.sent_at > coalesce((
          SELECT max(o.sent_at) FROM messages o
          WHERE o.conversation_id = conversations.id AND o.direction = 'outgoing'
            AND NOT o.automatic
            AND NOT (o.scheduled_for IS NOT NULL AND o.status = 'pending')
      ), -1)
      AND m.sent_at > coalesce(conversations.reply_not_needed_at, -1)
"""
_RECOMPUTE_SOME = text(
    f"UPDATE conversations SET waiting_since = ({_WAITING_SINCE}) WHERE id IN :ids"
).bindparams(bindparam("ids", expanding=True))


_ANSWERED_AS_IS = text(
    "UPDATE conversations SET reply_not_needed_at = "
    "(SELECT max(m.sent_at) FROM messages m WHERE m.conversation_id = conversations.id) "
    "WHERE id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def recompute(session: Session, conversation_ids: Iterable[int]) -> None:
    """Bring ``waiting_since`` up to date for conversations whose messages changed."""
    ids = sorted(set(conversation_ids))
    if not ids:
        return
    session.execute(_RECOMPUTE_SOME, {"ids": ids})
    # What changes a customer's wait now changes the record reports keep of it.
    response_waits.rebuild(session, ids)
    # The statement went around the ORM: rows it holds must read the column again.
    for conversation_id in ids:
        held = session.identity_map.get(identity_key(ConversationRow, conversation_id))
        if held is not None:
            session.expire(held, ["waiting_since"])


def no_reply_needed(session: Session, conversation_ids: Iterable[int]) -> None:
    """Out of Waiting without a reply, until the customer writes something newer
    than what is there now."""
    ids = sorted(set(conversation_ids))
    if not ids:
        return
    session.execute(_ANSWERED_AS_IS, {"ids": ids})
    recompute(session, ids)
