"""Files the user attaches to a reply: what kind they are, and whether they can go."""

from __future__ import annotations

import mimetypes
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from dmdesk.domain import Attachment, AttachmentKind, Platform

MB = 1024 * 1024
MAX_ATTACHMENT_BYTES = 100 * MB
"""The largest file any platform takes (WhatsApp's documents); each platform's own
limit is checked before sending (``file_problems``)."""
OUTGOING_FOLDER = "outgoing"
"""In the workspace's data folder: the files of replies, and pasted images."""
MOST_FILES = 10
"""Files one reply carries, at most: each goes as a message of its own."""


@dataclass(frozen=True, slots=True)
class FileLimits:
    largest: int
    """Bytes a file may have."""
    largest_photo: int
    """Bytes a photo may have, where the platform sets a lower limit for photos."""
    photo_types: frozenset[str] = frozenset()
    """The image types it shows as photos (empty: any)."""


FILE_LIMITS: dict[Platform, FileLimits] = {
    # Bot API: photos up to 10 MB, other files up to 50 MB.
    Platform.TELEGRAM: FileLimits(50 * MB, 10 * MB),
    # Instagram messaging: images (PNG, JPEG, GIF) up to 8 MB, video and audio 25 MB.
    Platform.INSTAGRAM: FileLimits(
        25 * MB, 8 * MB, frozenset({"image/png", "image/jpeg", "image/gif"})
    ),
    Platform.MESSENGER: FileLimits(25 * MB, 25 * MB),
    # Through a Matrix bridge: the homeserver's upload limit (Synapse's default is
    # 50 MB) and the network's own (WhatsApp media 16 MB, LinkedIn files 20 MB).
    Platform.MATRIX: FileLimits(50 * MB, 50 * MB),
    Platform.WHATSAPP: FileLimits(50 * MB, 16 * MB),
    Platform.SIGNAL: FileLimits(50 * MB, 50 * MB),
    Platform.LINKEDIN: FileLimits(20 * MB, 20 * MB),
}


def file_problems(attachments: Sequence[Attachment], platform: Platform) -> list[str]:
    """Why these files cannot go to ``platform``, in plain words with what to do;
    empty when they can. (Text-only platforms are the composer's to say.)"""
    if not attachments:
        return []
    problems = []
    if len(attachments) > MOST_FILES:
        problems.append(
            f"{len(attachments)} files are more than one reply takes ({MOST_FILES}): "
            "send them in two replies."
        )
    limits = FILE_LIMITS.get(platform)
    if limits is None:
        return problems
    for attachment in attachments:
        size = attachment.size or 0
        photo = attachment.kind is AttachmentKind.IMAGE
        if photo and limits.photo_types and attachment.mime not in limits.photo_types:
            problems.append(
                f"{platform.label} shows photos in PNG, JPEG or GIF only: save "
                f"{attachment.name} as one of those first."
            )
        largest = limits.largest_photo if photo else limits.largest
        if size > largest:
            what = "photos" if photo and largest < limits.largest else "files"
            problems.append(
                f"{attachment.name} is {size / MB:.1f} MB; {platform.label} takes {what} up "
                f"to {largest // MB} MB. Make it smaller, or share a link to it."
            )
    return problems


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
            f"{path.name} is {size / MB:.0f} MB; no platform takes files over "
            f"{MAX_ATTACHMENT_BYTES // MB} MB."
        )
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    family = mime.split("/", 1)[0]
    kind = {
        "image": AttachmentKind.IMAGE,
        "video": AttachmentKind.VIDEO,
        "audio": AttachmentKind.AUDIO,
    }.get(family, AttachmentKind.FILE)
    return Attachment(kind, path.name, mime, "", str(path.resolve()), size)


def kept_copies(attachments: Sequence[Attachment], folder: Path) -> tuple[Attachment, ...]:
    """The reply's files as copies in the workspace's ``folder``, so a reply that
    waits (for the network, or for its time tomorrow) still has them when the
    original is moved or deleted. Files already there (a pasted image) stay as
    they are. Raises AttachmentError when a file can no longer be read."""
    kept = []
    for attachment in attachments:
        source = Path(attachment.local_path) if attachment.local_path else None
        if source is None or source.resolve().is_relative_to(folder.resolve()):
            kept.append(attachment)
            continue
        target = folder / uuid.uuid4().hex[:12] / source.name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        except OSError as error:
            raise AttachmentError(
                f"{source.name} could not be kept for sending ({error.strerror})."
            ) from None
        kept.append(replace(attachment, local_path=str(target)))
    return tuple(kept)
