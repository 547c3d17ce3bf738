"""Messages in and out: idempotent ingest, replies written before they are sent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from dmdesk.domain import (
    Attachment,
    Direction,
    FetchedMessage,
    FetchedReaction,
    HeldReason,
    IngestResult,
    MessageStatus,
    OutgoingMessage,
    Participant,
    Platform,
    StatusUpdate,
)
from dmdesk.store import attachment_columns, outbox, response_waits, snoozes, waiting
from dmdesk.store.contacts import contact_for
from dmdesk.store.conversations import add_conversation
from dmdesk.store.schema import (
    AccountRow,
    AttachmentRow,
    ConversationRow,
    MessageRow,
    OutboxRow,
    ReactionRow,
)

# A status only moves forward: a late "sent" never undoes "read".
_STATUS_RANK = {
    MessageStatus.FAILED: 0,
    MessageStatus.PENDING: 1,
    MessageStatus.SENT: 2,
    MessageStatus.DELIVERED: 3,
    MessageStatus.READ: 4,
}


def ingest(
    session: Session,
    account_id: int,
    platform: Platform,
    fetched: Sequence[FetchedMessage],
    now: datetime,
) -> IngestResult:
    """Store what a connector fetched. A message already stored is not stored again;
    an edit or unsend of a stored message updates it in place."""
    conversations: dict[str, ConversationRow] = {}
    new_ids: list[int] = []
    new_conversations: list[int] = []
    updated: list[int] = []
    reacted_conversations: set[int] = set()
    held: list[int] = []
    for item in fetched:
        existing = _by_platform_id(session, account_id, item.platform_message_id)
        if existing is None and item.amends:
            # A change to a message DMDesk never had, or a reaction taken back.
            if item.unsent:
                taken_back = _take_back_reaction(session, account_id, item.platform_message_id)
                if taken_back is not None:
                    updated.append(taken_back.id)
                    reacted_conversations.add(taken_back.conversation_id)
            continue
        conversation = conversations.get(item.platform_conversation_id)
        if conversation is None:
            conversation, created = _conversation_for(session, account_id, platform, item, now)
            conversations[item.platform_conversation_id] = conversation
            if created:
                new_conversations.append(conversation.id)
        if existing is not None:
            if (existing.text, existing.edited, existing.unsent) != (
                item.text,
                item.edited,
                item.unsent,
            ):
                existing.text, existing.edited = item.text, item.edited
                existing.unsent = item.unsent
                updated.append(existing.id)
            continue
        row = MessageRow(
            conversation_id=conversation.id,
            account_id=account_id,
            platform_message_id=item.platform_message_id,
            sender_platform_id=item.sender.platform_user_id,
            sender_name=item.sender.display_name or item.sender.handle,
            direction=item.direction.value,
            text=item.text,
            sent_at=item.sent_at,
            status=(
                MessageStatus.DELIVERED
                if item.direction is Direction.INCOMING
                else MessageStatus.SENT
            ).value,
            edited=item.edited,
            unsent=item.unsent,
            has_attachments=bool(item.attachments),
            automatic=item.automatic,
            reply_to=item.reply_to,
        )
        session.add(row)
        session.flush()
        _add_attachments(session, row.id, item.attachments)
        new_ids.append(row.id)
        newest = _is_newest(session, conversation, item.sent_at)
        if newest:
            # Activity never goes back: a conversation back from a snooze stands
            # at its snooze time, which may be later than this message.
            conversation.last_activity_at = max(conversation.last_activity_at, item.sent_at)
            conversation.last_message_id = row.id
        if item.direction is Direction.INCOMING and newest:
            # A customer writing again brings the conversation back to the Inbox,
            # from the Archive or the Trash. An old message arriving late (a gap
            # filled, a backfill) is not news: it neither moves nor counts.
            conversation.unread_count += 1
            conversation.archived = False
            conversation.trashed = False
            snoozes.woken_by_customer(conversation)
            held += outbox.hold_scheduled(session, conversation.id, HeldReason.THEY_WROTE)
        elif conversation.last_message_id == row.id:
            conversation.unread_count = 0  # answered from another app: read there
    if new_ids:
        waiting.recompute(session, (c.id for c in conversations.values()))
    return IngestResult(
        new_message_ids=tuple(new_ids),
        touched_conversation_ids=tuple(
            dict.fromkeys([*(c.id for c in conversations.values()), *reacted_conversations])
        ),
        new_conversation_ids=tuple(new_conversations),
        updated_message_ids=tuple(updated),
        held_message_ids=tuple(dict.fromkeys(held)),
    )


def _is_newest(session: Session, conversation: ConversationRow, sent_at: datetime) -> bool:
    """Whether a message sent at ``sent_at`` is newer than the conversation's last
    (its activity is no measure: a snooze's return moves it on), leaving out a reply
    that waits for its time (it is dated then, and has not been said yet)."""
    if conversation.last_message_id is None:
        return True
    last = session.get(MessageRow, conversation.last_message_id)
    if last is not None and not _waits_for_its_time(last):
        return sent_at >= last.sent_at
    newest = session.scalar(
        select(func.max(MessageRow.sent_at))
        .where(MessageRow.conversation_id == conversation.id)
        .where(
            ~(
                MessageRow.scheduled_for.is_not(None)
                & (MessageRow.status == MessageStatus.PENDING.value)
            )
        )
    )
    return newest is None or sent_at >= newest


def _waits_for_its_time(row: MessageRow) -> bool:
    return row.scheduled_for is not None and row.status == MessageStatus.PENDING.value


def _conversation_for(
    session: Session, account_id: int, platform: Platform, item: FetchedMessage, now: datetime
) -> tuple[ConversationRow, bool]:
    row = session.scalar(
        select(ConversationRow).where(
            ConversationRow.account_id == account_id,
            ConversationRow.platform_conversation_id == item.platform_conversation_id,
        )
    )
    if row is not None:
        return row, False
    platform = item.platform or platform
    others = item.participants or ((item.sender,) if item.direction is Direction.INCOMING else ())
    contact_id = None
    if not item.is_group and others:
        contact_id = contact_for(session, platform, others[0], now)
    title = item.conversation_title or ", ".join(_name(p) for p in others) or "Conversation"
    row = add_conversation(
        session,
        account_id,
        platform,
        item.platform_conversation_id,
        title=title,
        is_group=item.is_group,
        participants=others,
        contact_id=contact_id,
        at=item.sent_at,
    )
    return row, True


def _name(person: Participant) -> str:
    return person.display_name or person.handle or person.platform_user_id


def _add_attachments(session: Session, message_id: int, attachments: Sequence[Attachment]) -> None:
    session.add_all(AttachmentRow(**attachment_columns.values(message_id, a)) for a in attachments)


def add_outgoing(
    session: Session,
    conversation_id: int,
    text: str,
    client_id: str,
    now: datetime,
    attachments: Sequence[Attachment] = (),
    messaging_tag: str = "",
    send_at: datetime | None = None,
    *,
    automatic: bool = False,
    reply_to: str = "",
) -> int:
    """Write a reply as pending, with its outbox row, before any network call;
    returns its id. With ``send_at``, the outbox holds it until then: it stands at
    the end of the thread at that time, and the customer waits until it goes.

    An ``automatic`` reply (the away message) leaves the conversation as it was:
    the customer's message stays unread, newest on its row, and waiting."""
    conversation = session.get_one(ConversationRow, conversation_id)
    account = session.get_one(AccountRow, conversation.account_id)
    row = MessageRow(
        conversation_id=conversation_id,
        account_id=conversation.account_id,
        platform_message_id=None,
        client_id=client_id,
        sender_name=account.display_name,
        direction=Direction.OUTGOING.value,
        text=text,
        sent_at=send_at or now,
        status=MessageStatus.PENDING.value,
        edited=False,
        unsent=False,
        has_attachments=bool(attachments),
        scheduled_for=send_at,
        automatic=automatic,
        reply_to=reply_to,
    )
    session.add(row)
    session.flush()
    _add_attachments(session, row.id, attachments)
    outbox.enqueue(session, row.id, conversation.account_id, send_at or now, messaging_tag)
    if automatic:
        return row.id
    conversation.last_message_id = row.id
    conversation.last_activity_at = now
    conversation.unread_count = 0
    conversation.draft_text = ""
    session.flush()
    if send_at is None:
        # Answered: the wait is over, even where the platform's clock dated their
        # message a little after this computer's now.
        conversation.waiting_since = None
        response_waits.rebuild(session, [conversation_id])
    else:
        waiting.recompute(session, [conversation_id])
    return row.id


def platform_id_of(session: Session, message_id: int) -> str:
    """The platform's id of a stored message ("" for a reply not sent yet)."""
    found = session.scalar(
        select(MessageRow.platform_message_id).where(MessageRow.id == message_id)
    )
    return found or ""


def outgoing(session: Session, message_id: int) -> tuple[int, OutgoingMessage] | None:
    """The account of a stored reply, and what its connector needs to send it;
    None if it was deleted."""
    row = session.get(MessageRow, message_id)
    if row is None:
        return None
    conversation = session.get_one(ConversationRow, row.conversation_id)
    return row.account_id, OutgoingMessage(
        message_id=row.id,
        client_id=row.client_id or str(row.id),
        platform_conversation_id=conversation.platform_conversation_id,
        text=row.text,
        recipients=tuple(
            Participant(str(p.get("id", "")), str(p.get("name", "")), str(p.get("handle", "")))
            for p in conversation.participants
        ),
        attachments=tuple(
            attachment_columns.from_row(a)
            for a in session.scalars(
                select(AttachmentRow).where(AttachmentRow.message_id == row.id)
            )
        ),
        reply_to=row.reply_to,
    )


def is_reply(session: Session, message_id: int, client_id: str) -> bool:
    """Whether ``message_id`` is still the reply sent as ``client_id``. SQLite gives
    a deleted row's id to the next one, so a send's answer that comes back after
    its reply was deleted (the conversation deleted, the person forgotten) must not
    land on another reply written since."""
    row = session.get(MessageRow, message_id)
    return row is not None and (row.client_id or str(row.id)) == client_id


def sent_at(session: Session, message_id: int) -> datetime:
    """When a message was written (for a reply: when its owner sent it)."""
    return session.get_one(MessageRow, message_id).sent_at


def discard_failed(session: Session, message_id: int) -> bool:
    """Delete a reply that failed to send; False if it is not one. The conversation's
    last message falls back to the one before it."""
    row = session.get(MessageRow, message_id)
    if row is None or row.status != MessageStatus.FAILED.value:
        return False
    _delete_reply(session, row)
    return True


def cancel_scheduled(session: Session, message_id: int) -> str | None:
    """Take back a reply that waits for its time; returns its text (for Edit), or
    None if it has gone (or is going)."""
    row = session.get(MessageRow, message_id)
    entry = session.get(OutboxRow, message_id)
    if (
        row is None
        or row.scheduled_for is None
        or row.status != MessageStatus.PENDING.value
        or entry is None
        or entry.sending_since is not None
    ):
        return None
    text = row.text
    _delete_reply(session, row)
    return text


def _delete_reply(session: Session, row: MessageRow) -> None:
    message_id = row.id
    conversation = session.get_one(ConversationRow, row.conversation_id)
    session.delete(row)
    session.flush()
    if conversation.last_message_id in (message_id, None):
        conversation.last_message_id = session.scalar(
            select(MessageRow.id)
            .where(MessageRow.conversation_id == conversation.id)
            .order_by(MessageRow.sent_at.desc(), MessageRow.id.desc())
            .limit(1)
        )
    waiting.recompute(session, [conversation.id])  # unanswered again


def mark_sent(
    session: Session, message_id: int, platform_message_id: str, now: datetime | None = None
) -> None:
    """The platform took the reply. One sent later is dated when it went (``now``),
    which may be after its time, if DMDesk was closed then."""
    row = session.get_one(MessageRow, message_id)
    row.platform_message_id = platform_message_id
    went_later = row.scheduled_for is not None and row.status == MessageStatus.PENDING.value
    if went_later and now is not None:
        row.sent_at = now
    if _STATUS_RANK[MessageStatus(row.status)] < _STATUS_RANK[MessageStatus.SENT]:
        row.status = MessageStatus.SENT.value
    if went_later:  # said only now: the newest message, and the customer's wait ends
        conversation = session.get_one(ConversationRow, row.conversation_id)
        conversation.last_message_id = row.id
        conversation.last_activity_at = max(conversation.last_activity_at, row.sent_at)
        session.flush()
        waiting.recompute(session, [row.conversation_id])


def mark_failed(session: Session, message_id: int) -> None:
    row = session.get_one(MessageRow, message_id)
    if row.status == MessageStatus.PENDING.value:
        row.status = MessageStatus.FAILED.value
        session.flush()
        response_waits.rebuild(session, [row.conversation_id])  # nobody heard it


def apply_status_updates(
    session: Session, account_id: int, updates: Sequence[StatusUpdate]
) -> list[int]:
    """Move sent messages forward (delivered, read); returns the ids that changed."""
    changed: list[int] = []
    for update in updates:
        if update.and_earlier:
            changed += _move_up_to(session, account_id, update)
            continue
        row = session.scalar(
            select(MessageRow).where(
                MessageRow.account_id == account_id,
                MessageRow.platform_message_id == update.platform_message_id,
                MessageRow.direction == Direction.OUTGOING.value,
            )
        )
        if row is None:
            continue  # not ours: a customer's message is not "read" by them
        if _STATUS_RANK[update.status] > _STATUS_RANK[MessageStatus(row.status)]:
            row.status = update.status.value
            changed.append(row.id)
    return changed


def add_reactions(
    session: Session, account_id: int, reactions: Sequence[FetchedReaction]
) -> list[tuple[int, int]]:
    """Keep each reaction once (by its platform id); returns the (message id,
    conversation id) of each message that got one. A reaction to a message DMDesk
    never had is dropped."""
    changed: dict[int, int] = {}
    for reaction in reactions:
        target = _by_platform_id(session, account_id, reaction.platform_message_id)
        if target is None:
            continue
        known = session.scalar(
            select(ReactionRow).where(
                ReactionRow.account_id == account_id,
                ReactionRow.platform_reaction_id == reaction.platform_reaction_id,
            )
        )
        if known is not None:
            continue
        session.add(
            ReactionRow(
                message_id=target.id,
                account_id=account_id,
                platform_reaction_id=reaction.platform_reaction_id,
                sender_platform_id=reaction.sender.platform_user_id,
                sender_name=reaction.sender.display_name or reaction.sender.handle,
                direction=reaction.direction.value,
                key=reaction.key,
            )
        )
        changed[target.id] = target.conversation_id
    session.flush()
    return list(changed.items())


def _take_back_reaction(
    session: Session, account_id: int, platform_reaction_id: str
) -> MessageRow | None:
    """Delete a reaction; returns the message it was on, or None for no such reaction."""
    reaction = session.scalar(
        select(ReactionRow).where(
            ReactionRow.account_id == account_id,
            ReactionRow.platform_reaction_id == platform_reaction_id,
        )
    )
    if reaction is None:
        return None
    message = session.get_one(MessageRow, reaction.message_id)
    session.delete(reaction)
    return message


def read_up_to(session: Session, account_id: int, platform_message_ids: Sequence[str]) -> list[int]:
    """The owner read these chats up to these messages elsewhere: only what came
    after stays unread. Returns the conversations whose count fell (a stale marker
    never makes anything unread)."""
    changed: list[int] = []
    for platform_message_id in platform_message_ids:
        marker = _by_platform_id(session, account_id, platform_message_id)
        if marker is None:
            continue
        conversation = session.get_one(ConversationRow, marker.conversation_id)
        if not conversation.unread_count:
            continue
        still_unread = session.scalar(
            select(func.count()).where(
                MessageRow.conversation_id == marker.conversation_id,
                MessageRow.direction == Direction.INCOMING.value,
                tuple_(MessageRow.sent_at, MessageRow.id) > (marker.sent_at, marker.id),
            )
        )
        if still_unread is not None and still_unread < conversation.unread_count:
            conversation.unread_count = still_unread
            changed.append(conversation.id)
    return changed


def _by_platform_id(
    session: Session, account_id: int, platform_message_id: str
) -> MessageRow | None:
    return session.scalar(
        select(MessageRow).where(
            MessageRow.account_id == account_id,
            MessageRow.platform_message_id == platform_message_id,
        )
    )


def _move_up_to(session: Session, account_id: int, update: StatusUpdate) -> list[int]:
    """Every sent message of ours up to the marked one (of either side) moves forward."""
    marker = _by_platform_id(session, account_id, update.platform_message_id)
    if marker is None:
        return []
    sent, reached = _STATUS_RANK[MessageStatus.SENT], _STATUS_RANK[update.status]
    behind = [status.value for status, rank in _STATUS_RANK.items() if sent <= rank < reached]
    rows = session.scalars(
        select(MessageRow).where(
            MessageRow.conversation_id == marker.conversation_id,
            MessageRow.direction == Direction.OUTGOING.value,
            MessageRow.status.in_(behind),
            tuple_(MessageRow.sent_at, MessageRow.id) <= (marker.sent_at, marker.id),
        )
    ).all()
    for row in rows:
        row.status = update.status.value
    return [row.id for row in rows]
