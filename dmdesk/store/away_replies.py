"""What the away message needs to know about the chats a fetch just wrote to: who
wrote last, whether they may be answered by software at all, and when the shop
last wrote there, by hand or automatically.

Only the rules that are facts of the store are here (a group, an opt-out, a bot,
an old message arriving late); the rules of time are the away message's own
(services/away_message.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dmdesk.domain import Direction, MessageStatus, Platform
from dmdesk.store.schema import ContactRow, ConversationRow, MessageRow


@dataclass(frozen=True, slots=True)
class WroteWhileAway:
    """A customer whose newest message is one this fetch brought."""

    conversation_id: int
    platform: Platform
    written_at: datetime
    name: str
    handle: str
    shop_wrote_at: datetime | None
    """The newest message a person at the shop wrote there (any app, not scheduled)."""
    automatic_at: datetime | None
    """The newest away message there, sent or on its way."""


def customers_who_wrote(
    session: Session, conversation_ids: Iterable[int], new_message_ids: Collection[int]
) -> list[WroteWhileAway]:
    """The chats among ``conversation_ids`` whose newest message is a customer's,
    new in this fetch, and that software may answer: not a group, not someone who
    opted out, not a bot's message, not deleted."""
    found = []
    for conversation_id in sorted(set(conversation_ids)):
        conversation = session.get(ConversationRow, conversation_id)
        if conversation is None or conversation.is_group or conversation.last_message_id is None:
            continue
        if conversation.last_message_id not in new_message_ids:
            continue  # an old message filled in late, or nothing new from them
        last = session.get_one(MessageRow, conversation.last_message_id)
        if last.direction != Direction.INCOMING.value or last.automatic or last.unsent:
            continue
        contact = (
            session.get(ContactRow, conversation.contact_id) if conversation.contact_id else None
        )
        if contact is not None and contact.do_not_message:
            continue
        people = [p for p in conversation.participants if isinstance(p, dict)]
        handle = str(people[0].get("handle", "")) if len(people) == 1 else ""
        found.append(
            WroteWhileAway(
                conversation_id=conversation.id,
                platform=Platform(conversation.platform),
                written_at=last.sent_at,
                name=(contact.display_name if contact else "") or conversation.title,
                handle=handle,
                shop_wrote_at=_newest_from_shop(session, conversation.id, automatic=False),
                automatic_at=_newest_from_shop(session, conversation.id, automatic=True),
            )
        )
    return found


def _newest_from_shop(
    session: Session, conversation_id: int, *, automatic: bool
) -> datetime | None:
    waiting_for_its_time = MessageRow.scheduled_for.is_not(None) & (
        MessageRow.status == MessageStatus.PENDING.value
    )
    return session.scalar(
        select(func.max(MessageRow.sent_at)).where(
            MessageRow.conversation_id == conversation_id,
            MessageRow.direction == Direction.OUTGOING.value,
            MessageRow.automatic.is_(automatic),
            MessageRow.status != MessageStatus.FAILED.value,
            ~waiting_for_its_time,
        )
    )
