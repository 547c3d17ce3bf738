"""Quick replies with their files as one .zip, to share between computers:
``quick-replies.json`` (the JSON file format, each reply's files named by their
member) beside ``files/<n>/<name>``.

A package is checked whole before anything is written: the JSON as a plain file
is, and every file it names must be in the zip, at most 100 MB, packed no
tighter than a real file packs (a zip bomb declares a small size or expands
thousands of times), with at most 10 to a reply and 500 MB in all.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from dmdesk.domain import Attachment, QuickReply
from dmdesk.services.file_safety import safe_file_name
from dmdesk.services.outgoing_files import MAX_ATTACHMENT_BYTES, MOST_FILES
from dmdesk.services.quick_reply_files import QuickReplyFileError, from_json, to_json

INDEX = "quick-replies.json"
MOST_BYTES = 500 * 1024 * 1024
PACKING_LIMIT = 200
"""A member that expands more than this many times is no file a shop sends."""
CHUNK = 1 << 20


def is_package(path: Path) -> bool:
    return zipfile.is_zipfile(path)


def write_package(replies: Sequence[QuickReply], target: Path) -> None:
    """The replies and every file they carry, as a zip at ``target`` (written to a
    partial file first, so a full disk leaves no half package)."""
    named: list[QuickReply] = []
    members: list[tuple[str, Path]] = []
    for reply in replies:
        files = []
        for attachment in reply.files:
            member = f"files/{len(members) + 1}/{safe_file_name(attachment.name)}"
            members.append((member, Path(attachment.local_path)))
            files.append(replace(attachment, local_path=member))
        named.append(replace(reply, files=tuple(files)))
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr(INDEX, to_json(named))
            for member, source in members:
                package.write(source, member)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def read_package(path: Path) -> list[QuickReply]:
    """The package's replies, each file's ``local_path`` its member in the zip, once
    everything was checked. Raises QuickReplyFileError."""
    try:
        with zipfile.ZipFile(path) as package:
            members = {info.filename: info for info in package.infolist()}
            index = members.get(INDEX)
            if index is None:
                raise QuickReplyFileError(f"This zip has no {INDEX}: it is not a DMDesk export.")
            with package.open(index) as opened:
                replies = from_json(opened.read(2_000_001), files_allowed=True)
    except zipfile.BadZipFile:
        raise QuickReplyFileError("The zip file is damaged.") from None
    total = 0
    for number, reply in enumerate(replies, start=1):
        if len(reply.files) > MOST_FILES:
            raise QuickReplyFileError(f"Reply {number} carries more than {MOST_FILES} files.")
        for attachment in reply.files:
            info = members.get(attachment.local_path)
            if info is None or info.is_dir():
                raise QuickReplyFileError(f"Reply {number}: {attachment.name} is not in the zip.")
            if info.file_size > MAX_ATTACHMENT_BYTES:
                raise QuickReplyFileError(f"Reply {number}: {attachment.name} is over 100 MB.")
            if info.file_size > PACKING_LIMIT * max(info.compress_size, 1) + CHUNK:
                raise QuickReplyFileError(
                    f"Reply {number}: {attachment.name} is packed like a zip bomb."
                )
            total += info.file_size
    if total > MOST_BYTES:
        raise QuickReplyFileError("The files in this zip come to over 500 MB.")
    return replies


def extract(path: Path, attachment: Attachment, target: Path) -> None:
    """Copy one checked member out, never more bytes than it declared."""
    with zipfile.ZipFile(path) as package:
        info = package.getinfo(attachment.local_path)
        written = 0
        with package.open(info) as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > info.file_size:
                    raise QuickReplyFileError(f"{attachment.name} holds more than it says.")
                out.write(chunk)
