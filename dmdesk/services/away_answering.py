"""Answering while away, on the writer lane: in the transaction that stores a
customer's message, the away message is queued in the outbox like any reply, so
the message and its answer are on disk together or not at all, and a crash
neither loses it nor sends it twice."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from dmdesk.domain import Profile
from dmdesk.services.away_message import AwayPlan, away_text, should_answer
from dmdesk.store import away_replies, messages
from dmdesk.store import quick_replies as reply_store

if TYPE_CHECKING:
    from dmdesk.store.database import UnitOfWork


def answer_while_away(
    session: UnitOfWork,
    plan: AwayPlan,
    conversation_ids: tuple[int, ...],
    new_message_ids: tuple[int, ...],
    now: datetime,
) -> tuple[int, ...]:
    """Queue the away message for every chat among ``conversation_ids`` that gets
    one for the messages just stored; returns the new messages' ids."""
    answered: list[int] = []
    profile: Profile | None = None
    for wrote in away_replies.customers_who_wrote(session, conversation_ids, set(new_message_ids)):
        if not should_answer(plan, wrote, now):
            continue
        profile = profile or reply_store.profile(session)
        text = away_text(
            plan.message.text_for(wrote.platform),
            wrote.name,
            wrote.handle,
            wrote.platform,
            profile,
            plan.hours.next_open(now),
            now,
        )
        if not text:
            continue
        answered.append(
            messages.add_outgoing(
                session, wrote.conversation_id, text, uuid.uuid4().hex, now, automatic=True
            )
        )
    return tuple(answered)
