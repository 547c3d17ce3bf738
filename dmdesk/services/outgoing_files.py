"""Files the user attaches to a reply: what kind they are, and whether they can go."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from dmdesk.domain import Attachment, AttachmentKind

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
"""Messenger's and Instagram's limit for a file, the lowest of the big platforms."""


class AttachmentError(ValueError):
    """The file cannot be attached; the text says why, in plain words."""


def attachment_for(path: Path) -> Attachment:
    """An attachment for a file on this computer. Raises AttachmentError."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise AttachmentError(f"{path.name} is a folder, not a file.")
        with path.open("rb"):
            pass
    except FileNotFoundError:
        raise AttachmentError(f"{path.name} is not there any more.") from None
    except PermissionError:
        raise AttachmentError(f"DMDesk may not read {path.name}.") from None
    except OSError as error:
        raise AttachmentError(f"{path.name} cannot be read ({error.strerror}).") from None
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(
            f"{path.name} is {size / 1024 / 1024:.0f} MB; the platforms take files up to 25 MB."
        )
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    family = mime.split("/", 1)[0]
    kind = {
        "image": AttachmentKind.IMAGE,
        "video": AttachmentKind.VIDEO,
        "audio": AttachmentKind.AUDIO,
    }.get(family, AttachmentKind.FILE)
    return Attachment(kind, path.name, mime, "", str(path.resolve()), size)
