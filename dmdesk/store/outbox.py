"""The outbox: replies stored as pending, with their attempts and retry times.

A row lives from the moment a reply is written until the platform has taken
it (then the message is marked sent and the row goes) or the user discards it.
A failed reply keeps its row, with the reason, so Retry can put it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Select, delete, select, update
from sqlalchemy.orm import Session

from dmdesk.domain import HeldReason, MessageStatus
from dmdesk.store import response_waits, waiting
from dmdesk.store.schema import ContactRow, ConversationRow, MessageRow, OutboxRow


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    message_id: int
    account_id: int
    attempts: int
    next_attempt_at: datetime
    last_error: str
    messaging_tag: str


def enqueue(
    session: Session, message_id: int, account_id: int, now: datetime, messaging_tag: str = ""
) -> None:
    session.add(
        OutboxRow(
            message_id=message_id,
            account_id=account_id,
            attempts=0,
            next_attempt_at=now,
            last_error="",
            messaging_tag=messaging_tag,
        )
    )


_HOLDING = [reason.value for reason in HeldReason if reason.holds]


def _pending() -> Select[OutboxRow]:
    return (
        select(OutboxRow)
        .join(MessageRow, MessageRow.id == OutboxRow.message_id)
        .where(MessageRow.status == MessageStatus.PENDING.value)
        .where(OutboxRow.sending_since.is_(None))
        .where(OutboxRow.held_reason.not_in(_HOLDING))
    )


def due(
    session: Session, now: datetime, account_ids: set[int], exclude: set[int], limit: int
) -> tuple[list[OutboxEntry], datetime | None]:
    """Up to ``limit`` pending replies of these accounts whose time has come (oldest
    first, leaving out ``exclude``, the ones already handed out), and when the next
    one not yet due will be."""
    waiting = (
        _pending()
        .where(OutboxRow.account_id.in_(account_ids))
        .where(OutboxRow.message_id.not_in(exclude))
    )
    rows = session.scalars(
        waiting.where(OutboxRow.next_attempt_at <= now)
        .order_by(OutboxRow.next_attempt_at, OutboxRow.message_id)
        .limit(limit)
    )
    later = session.scalars(
        waiting.where(OutboxRow.next_attempt_at > now).order_by(OutboxRow.next_attempt_at).limit(1)
    ).first()
    return [_entry(row) for row in rows], None if later is None else later.next_attempt_at


def get(session: Session, message_id: int) -> OutboxEntry | None:
    row = session.get(OutboxRow, message_id)
    return None if row is None else _entry(row)


def begin_attempt(session: Session, message_id: int, now: datetime) -> bool:
    """Claim the reply for one attempt; False if it is no longer waiting to go. A
    reply sent later to someone who has opted out since is held for the owner's word
    (the composer asked at the time it was written; this is the time it goes)."""
    message = session.get(MessageRow, message_id)
    if message is None or message.status != MessageStatus.PENDING.value:
        return False
    entry = session.get(OutboxRow, message_id)
    if entry is None or HeldReason(entry.held_reason).holds:
        return False
    if (
        message.scheduled_for is not None
        and entry.held_reason != HeldReason.CONFIRMED.value
        and _opted_out(session, message)
    ):
        entry.held_reason = HeldReason.OPTED_OUT.value
        return False
    claimed = cast(
        CursorResult[Any],
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.message_id == message_id, OutboxRow.sending_since.is_(None))
            .values(sending_since=now, attempts=OutboxRow.attempts + 1)
        ),
    )
    return claimed.rowcount == 1


def schedule_retry(session: Session, message_id: int, at: datetime, error: str) -> None:
    row = session.get(OutboxRow, message_id)
    if row is not None:
        row.sending_since = None
        row.next_attempt_at = at
        row.last_error = error


def delivered(session: Session, message_id: int) -> None:
    """The platform has it: the outbox is done with the reply."""
    session.execute(delete(OutboxRow).where(OutboxRow.message_id == message_id))


def fail(session: Session, message_id: int, error: str) -> None:
    """Give up until the user says Retry; the reason stays for the UI."""
    row = session.get(OutboxRow, message_id)
    if row is not None:
        row.sending_since = None
        row.last_error = error
    message = session.get(MessageRow, message_id)
    if message is not None and message.status == MessageStatus.PENDING.value:
        message.status = MessageStatus.FAILED.value


def retry(session: Session, message_id: int, now: datetime) -> bool:
    """Put a failed reply back in line; False if it is not a failed reply."""
    row = session.get(OutboxRow, message_id)
    message = session.get(MessageRow, message_id)
    if row is None or message is None or message.status != MessageStatus.FAILED.value:
        return False
    message.status = MessageStatus.PENDING.value
    row.attempts = 0
    row.next_attempt_at = now
    row.last_error = ""
    session.flush()
    response_waits.rebuild(session, [message.conversation_id])  # it answers again
    return True


def hold_scheduled(session: Session, conversation_id: int, reason: HeldReason) -> list[int]:
    """Hold back the replies of a conversation still waiting for their time; returns
    their ids (the ones newly held)."""
    rows = session.scalars(
        select(OutboxRow)
        .join(MessageRow, MessageRow.id == OutboxRow.message_id)
        .where(MessageRow.conversation_id == conversation_id)
        .where(MessageRow.scheduled_for.is_not(None))
        .where(MessageRow.status == MessageStatus.PENDING.value)
        .where(OutboxRow.sending_since.is_(None))
        .where(OutboxRow.held_reason.not_in(_HOLDING))
    ).all()
    for row in rows:
        row.held_reason = reason.value
    return [row.message_id for row in rows]


def release(session: Session, message_id: int, now: datetime, *, at_once: bool) -> bool:
    """The owner's word on a reply sent later: send it anyway, at its time (or now,
    if that has passed), or ``at_once``. False if it is no longer waiting."""
    entry = session.get(OutboxRow, message_id)
    message = session.get(MessageRow, message_id)
    if (
        entry is None
        or message is None
        or message.status != MessageStatus.PENDING.value
        or entry.sending_since is not None
    ):
        return False
    entry.held_reason = HeldReason.CONFIRMED.value
    if at_once or entry.next_attempt_at < now:
        entry.next_attempt_at = now
    if at_once:  # it goes now, as a reply written now: the newest, and an answer
        message.scheduled_for = None
        message.sent_at = now
        conversation = session.get_one(ConversationRow, message.conversation_id)
        conversation.last_message_id = message.id
        conversation.last_activity_at = max(conversation.last_activity_at, now)
        session.flush()
        waiting.recompute(session, [conversation.id])
    return True


def _opted_out(session: Session, message: MessageRow) -> bool:
    conversation = session.get(ConversationRow, message.conversation_id)
    if conversation is None or conversation.contact_id is None:
        return False
    contact = session.get(ContactRow, conversation.contact_id)
    return bool(contact is not None and contact.do_not_message)


def interrupted(session: Session) -> list[OutboxEntry]:
    """Attempts that were in flight when DMDesk last stopped: they may have gone out."""
    rows = session.scalars(select(OutboxRow).where(OutboxRow.sending_since.is_not(None)))
    return [_entry(row) for row in rows]


def reschedule_account(session: Session, account_id: int, at: datetime) -> None:
    """The account is reachable again: what waits for it may go now (not what waits
    for a time of its own: a reply sent later goes at its time)."""
    later = select(MessageRow.id).where(MessageRow.scheduled_for > at)
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.account_id == account_id, OutboxRow.sending_since.is_(None))
        .where(OutboxRow.next_attempt_at > at)
        .where(OutboxRow.message_id.not_in(later))
        .values(next_attempt_at=at)
    )


def _entry(row: OutboxRow) -> OutboxEntry:
    return OutboxEntry(
        row.message_id,
        row.account_id,
        row.attempts,
        row.next_attempt_at,
        row.last_error,
        row.messaging_tag,
    )
