"""Attachments after the fact: where DMDesk keeps a file it downloaded later."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dmdesk.domain import Attachment
from dmdesk.store.schema import AttachmentRow, MessageRow


def account_of_message(session: Session, message_id: int) -> int | None:
    return session.scalar(select(MessageRow.account_id).where(MessageRow.id == message_id))


def set_local_path(session: Session, message_id: int, url: str, local_path: str) -> None:
    """Remember the downloaded copy of a message's file (known by its address)."""
    session.execute(
        update(AttachmentRow)
        .where(AttachmentRow.message_id == message_id, AttachmentRow.url == url)
        .values(local_path=local_path)
    )


def set_dimensions(
    session: Session, message_id: int, attachment: Attachment, width: int, height: int
) -> None:
    """A picture's size, learnt when it was first decoded, so the next time its
    bubble opens at the right size before it is decoded again."""
    where = (
        AttachmentRow.url == attachment.url
        if attachment.url
        else AttachmentRow.local_path == attachment.local_path
    )
    session.execute(
        update(AttachmentRow)
        .where(AttachmentRow.message_id == message_id, where)
        .values(width=width, height=height)
    )
