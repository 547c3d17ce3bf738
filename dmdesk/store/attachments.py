"""Attachments after the fact: where DMDesk keeps a file it downloaded later."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

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
