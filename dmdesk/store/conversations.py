"""Conversations: new ones, and the changes the user makes (folders, flags, drafts)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dmdesk.domain import ConversationFlags, Participant, Platform
from dmdesk.store import waiting
from dmdesk.store.schema import ConversationRow


def add_conversation(
    session: Session,
    account_id: int,
    platform: Platform,
    platform_conversation_id: str,
    *,
    title: str,
    is_group: bool,
    participants: Sequence[Participant],
    contact_id: int | None,
    at: datetime,
) -> ConversationRow:
    """A new conversation in the Inbox, read, with no draft."""
    row = ConversationRow(
        account_id=account_id,
        platform=platform.value,
        platform_conversation_id=platform_conversation_id,
        title=title,
        is_group=is_group,
        participants=participants_json(participants),
        contact_id=contact_id,
        last_activity_at=at,
        unread_count=0,
        archived=False,
        trashed=False,
        pinned=False,
        muted=False,
        draft_text="",
    )
    session.add(row)
    session.flush()
    return row


def participants_json(people: Sequence[Participant]) -> list[dict[str, str]]:
    return [{"id": p.platform_user_id, "name": p.display_name, "handle": p.handle} for p in people]


def flags_of(session: Session, ids: Iterable[int]) -> dict[int, ConversationFlags]:
    rows = session.scalars(select(ConversationRow).where(ConversationRow.id.in_(list(ids))))
    return {row.id: flags_of_row(row) for row in rows}


def update_flags(
    session: Session,
    ids: Iterable[int],
    *,
    archived: bool | None = None,
    trashed: bool | None = None,
    pinned: bool | None = None,
    muted: bool | None = None,
    read: bool | None = None,
    reply_needed: bool | None = None,
) -> dict[int, ConversationFlags]:
    """Change the given flags (None leaves one alone); returns the flags from before.
    ``reply_needed=False``: out of Waiting until the customer writes again. Archiving
    or trashing ends a snooze (it is a decision about the conversation too), and
    reading one back from a snooze leaves nothing to announce."""
    before: dict[int, ConversationFlags] = {}
    rows = list(session.scalars(select(ConversationRow).where(ConversationRow.id.in_(list(ids)))))
    for row in rows:
        before[row.id] = flags_of_row(row)
        if archived is not None:
            row.archived = archived
        if trashed is not None:
            row.trashed = trashed
        if archived or trashed:
            row.snoozed_until, row.snooze_if_no_reply = None, False
        if pinned is not None:
            row.pinned = pinned
        if muted is not None:
            row.muted = muted
        if read is True:
            row.unread_count = 0
            row.back_from_snooze_at = None
        elif read is False and row.unread_count == 0:
            row.unread_count = 1
    if reply_needed is False:
        waiting.no_reply_needed(session, before)
    return before


def restore_flags(session: Session, snapshot: Mapping[int, ConversationFlags]) -> None:
    """Put flags back as ``update_flags`` found them (undo)."""
    rows = session.scalars(select(ConversationRow).where(ConversationRow.id.in_(list(snapshot))))
    for row in rows:
        flags = snapshot[row.id]
        row.archived = flags.archived
        row.trashed = flags.trashed
        row.pinned = flags.pinned
        row.muted = flags.muted
        row.unread_count = flags.unread_count
        row.reply_not_needed_at = flags.reply_not_needed_at
        row.snoozed_until = flags.snoozed_until
        row.snooze_if_no_reply = flags.snooze_if_no_reply
    session.flush()
    waiting.recompute(session, snapshot)


def save_draft(session: Session, conversation_id: int, text: str) -> None:
    row = session.get(ConversationRow, conversation_id)
    if row is not None:
        row.draft_text = text


def set_unread_count(session: Session, conversation_id: int, count: int) -> None:
    session.get_one(ConversationRow, conversation_id).unread_count = max(0, count)


def contact_id_of(session: Session, conversation_id: int) -> int | None:
    return session.get_one(ConversationRow, conversation_id).contact_id


def ids_by_platform_key(session: Session) -> dict[str, int]:
    """Local conversation ids by their platform id (a workspace-wide map, for seeding)."""
    rows = session.execute(select(ConversationRow.platform_conversation_id, ConversationRow.id))
    return {key: conversation_id for key, conversation_id in rows}


def delete_forever(session: Session, ids: Iterable[int]) -> int:
    """Remove trashed conversations with their messages; returns how many went."""
    result = session.execute(
        delete(ConversationRow)
        .where(ConversationRow.id.in_(list(ids)))
        .where(ConversationRow.trashed.is_(True))
    )
    return int(getattr(result, "rowcount", 0) or 0)


def flags_of_row(row: ConversationRow) -> ConversationFlags:
    return ConversationFlags(
        archived=row.archived,
        trashed=row.trashed,
        pinned=row.pinned,
        muted=row.muted,
        unread_count=row.unread_count,
        reply_not_needed_at=row.reply_not_needed_at,
        snoozed_until=row.snoozed_until,
        snooze_if_no_reply=row.snooze_if_no_reply,
    )
