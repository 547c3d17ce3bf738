"""Quick replies, in the order the user keeps them, and who is answering."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dmdesk.domain import Attachment, Platform, Profile, QuickReply
from dmdesk.store.kept_files import kept_files, stored_file
from dmdesk.store.schema import QuickReplyRow, WorkspaceSettingRow

_PROFILE_KEYS = ("my_name", "business")


def _reply(row: QuickReplyRow) -> QuickReply:
    known = {p.value for p in Platform}
    return QuickReply(
        files=kept_files(row.files),
        id=row.id,
        name=row.name,
        body=row.body,
        keyword=row.keyword,
        platforms=tuple(Platform(p) for p in row.platforms if p in known),
        position=row.position,
        use_count=row.use_count,
        last_used_at=row.last_used_at,
    )


def list_replies(session: Session) -> list[QuickReply]:
    rows = session.scalars(select(QuickReplyRow).order_by(QuickReplyRow.position, QuickReplyRow.id))
    return [_reply(row) for row in rows]


def reply(session: Session, reply_id: int) -> QuickReply | None:
    row = session.get(QuickReplyRow, reply_id)
    return _reply(row) if row is not None else None


def save_reply(session: Session, reply: QuickReply) -> QuickReply:
    """Store a new reply at the end of the list, or update the text of a stored one."""
    row = session.get(QuickReplyRow, reply.id) if reply.id is not None else None
    if row is None:
        last = session.scalar(select(func.max(QuickReplyRow.position)))
        row = QuickReplyRow(position=-1 if last is None else last, use_count=0)
        row.position += 1
        session.add(row)
    row.name = reply.name
    row.body = reply.body
    row.keyword = reply.keyword
    row.platforms = [p.value for p in reply.platforms]
    session.flush()
    return _reply(row)


def set_files(session: Session, reply_id: int, files: Sequence[Attachment]) -> QuickReply | None:
    """The files a reply carries; each ``local_path`` relative to the data folder."""
    row = session.get(QuickReplyRow, reply_id)
    if row is None:
        return None
    row.files = [stored_file(a) for a in files]
    session.flush()
    return _reply(row)


def delete_reply(session: Session, reply_id: int) -> QuickReply | None:
    """Delete a reply and return it as it was; None if there was none."""
    row = session.get(QuickReplyRow, reply_id)
    if row is None:
        return None
    reply = _reply(row)
    session.delete(row)
    return reply


def reorder(session: Session, reply_ids: Sequence[int]) -> None:
    """Put the replies in this order; any not named keep their turn after them."""
    rows = {row.id: row for row in session.scalars(select(QuickReplyRow))}
    ordered = [rows.pop(i) for i in dict.fromkeys(reply_ids) if i in rows]
    ordered += sorted(rows.values(), key=lambda row: (row.position, row.id))
    for position, row in enumerate(ordered):
        row.position = position


def record_use(session: Session, reply_id: int, now: datetime) -> None:
    row = session.get(QuickReplyRow, reply_id)
    if row is not None:
        row.use_count += 1
        row.last_used_at = now


def profile(session: Session) -> Profile:
    rows = session.scalars(
        select(WorkspaceSettingRow).where(WorkspaceSettingRow.key.in_(_PROFILE_KEYS))
    )
    values = {row.key: row.value for row in rows}
    return Profile(my_name=values.get("my_name", ""), business=values.get("business", ""))


def set_profile(session: Session, new: Profile) -> None:
    for key, value in (("my_name", new.my_name), ("business", new.business)):
        session.merge(WorkspaceSettingRow(key=key, value=value.strip()))
