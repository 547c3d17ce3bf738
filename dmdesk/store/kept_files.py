"""The files a quick reply carries, as its row keeps them: a list of objects with
the file's path relative to the data folder. Read by the ORM and by the
plain-sqlite3 reader alike, so nothing here imports SQLAlchemy; a malformed item
is left out, never an error."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from dmdesk.domain import Attachment, AttachmentKind

_KINDS = {k.value for k in AttachmentKind}


def stored_file(attachment: Attachment) -> dict[str, Any]:
    return {
        "kind": attachment.kind.value,
        "name": attachment.name,
        "mime": attachment.mime,
        "size": attachment.size,
        "file": attachment.local_path,
    }


def kept_files(raw: Any) -> tuple[Attachment, ...]:
    """The row's files (``raw``: the column's list, or its JSON text)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return ()
    found = []
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, dict):
            continue
        kind, name, path = item.get("kind"), item.get("name"), item.get("file")
        size = item.get("size")
        if kind in _KINDS and isinstance(name, str) and isinstance(path, str) and path:
            found.append(
                Attachment(
                    AttachmentKind(kind),
                    name,
                    str(item.get("mime") or ""),
                    local_path=path,
                    size=size if isinstance(size, int) else None,
                )
            )
    return tuple(found)


def in_data_folder(files: Sequence[Attachment], folder: Path) -> tuple[Attachment, ...]:
    """The files with their paths made whole (they are kept relative to ``folder``)."""
    return tuple(replace(a, local_path=str(folder / a.local_path)) for a in files)
