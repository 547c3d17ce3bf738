"""Snoozes: a conversation leaves the Inbox until a time, then comes back to the
top of it, unread, and waits to be announced ("Back from snooze: Chloé Martin").

A message from the customer wakes a snooze early (``woken_by_customer``, from
ingest); a snooze "until they reply, or at …" is the same with the follow-up's
words. Waking is a write like any other, so a snooze that fell due while DMDesk
was closed comes back at the next start, and one announced is never announced
again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dmdesk.domain import ConversationFlags
from dmdesk.store.conversations import flags_of_row
from dmdesk.store.schema import ConversationRow


def snooze(
    session: Session, ids: Iterable[int], until: datetime, *, if_no_reply: bool = False
) -> dict[int, ConversationFlags]:
    """Out of the Inbox (and the Archive) until ``until``; returns the flags from before."""
    before: dict[int, ConversationFlags] = {}
    for row in _rows(session, ids):
        if row.trashed:
            continue  # the Trash is not a place to come back from on a timer
        before[row.id] = flags_of_row(row)
        row.snoozed_until = until
        row.snooze_if_no_reply = if_no_reply
        row.archived = False
        row.back_from_snooze_at = None
    return before


def unsnooze(session: Session, ids: Iterable[int]) -> dict[int, ConversationFlags]:
    """Back in the Inbox now, where its activity puts it, as read or unread as it was."""
    before: dict[int, ConversationFlags] = {}
    for row in _rows(session, ids):
        if row.snoozed_until is not None:
            before[row.id] = flags_of_row(row)
            row.snoozed_until = None
            row.snooze_if_no_reply = False
    return before


def wake_due(session: Session, now: datetime) -> list[int]:
    """Bring back every snooze due by ``now``: at the top of the Inbox as of its
    time (not of now: what arrived since stays above it), unread, to be announced."""
    rows = session.scalars(
        select(ConversationRow)
        .where(ConversationRow.snoozed_until.is_not(None))
        .where(ConversationRow.trashed.is_(False))
        .where(ConversationRow.snoozed_until <= now)
        .order_by(ConversationRow.snoozed_until, ConversationRow.id)
    ).all()
    for row in rows:
        due = row.snoozed_until
        assert due is not None
        row.back_from_snooze_at = due
        row.last_activity_at = max(row.last_activity_at, due)
        row.unread_count = max(row.unread_count, 1)
        row.archived = False
        row.snoozed_until = None
    return [row.id for row in rows]


def woken_by_customer(row: ConversationRow) -> None:
    """The customer wrote: their message brings the conversation back itself."""
    row.snoozed_until = None
    row.snooze_if_no_reply = False
    row.back_from_snooze_at = None


def announced(session: Session, ids: Iterable[int]) -> None:
    """Their "back from snooze" has been said: not again."""
    for row in _rows(session, ids):
        row.back_from_snooze_at = None
        if row.snoozed_until is None:
            row.snooze_if_no_reply = False


def _rows(session: Session, ids: Iterable[int]) -> list[ConversationRow]:
    wanted = list(ids)
    if not wanted:
        return []
    return list(session.scalars(select(ConversationRow).where(ConversationRow.id.in_(wanted))))
