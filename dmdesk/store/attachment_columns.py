"""An attachment's columns, both ways, for every reader and writer of the table
(the plain-sqlite3 reads included, so nothing here imports SQLAlchemy)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dmdesk.domain import Attachment, AttachmentKind

if TYPE_CHECKING:
    from dmdesk.store.schema import AttachmentRow

COLUMNS = "kind, name, mime, url, local_path, size, width, height, duration_ms, poster_url"
"""The columns ``from_columns`` takes, in its order, for the plain-sqlite3 reads."""


def from_columns(
    kind: str,
    name: str,
    mime: str,
    url: str,
    local_path: str,
    size: int | None,
    width: int | None,
    height: int | None,
    duration_ms: int | None,
    poster_url: str,
) -> Attachment:
    return Attachment(
        AttachmentKind(kind),
        name,
        mime,
        url,
        local_path,
        size,
        width,
        height,
        duration_ms,
        poster_url,
    )


def from_row(row: AttachmentRow) -> Attachment:
    return from_columns(
        row.kind,
        row.name,
        row.mime,
        row.url,
        row.local_path,
        row.size,
        row.width,
        row.height,
        row.duration_ms,
        row.poster_url,
    )


def values(message_id: int, attachment: Attachment) -> dict[str, Any]:
    """An attachment's row, for an insert."""
    a = attachment
    return {
        "message_id": message_id,
        "kind": a.kind.value,
        "name": a.name,
        "mime": a.mime,
        "url": a.url,
        "local_path": a.local_path,
        "size": a.size,
        "width": a.width,
        "height": a.height,
        "duration_ms": a.duration_ms,
        "poster_url": a.poster_url,
    }
