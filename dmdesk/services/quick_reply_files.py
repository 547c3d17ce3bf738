"""Quick replies as a JSON file, to share between computers or keep a copy.

    {"format": "dmdesk-quick-replies", "version": 1,
     "replies": [{"name": "...", "body": "...", "keyword": "...",
                  "platforms": ["instagram"]}]}

A file is read whole and checked whole before anything is stored: one bad
reply rejects the file, with a message that says which one and why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from dmdesk.domain import Attachment, AttachmentKind, Platform, QuickReply

FORMAT = "dmdesk-quick-replies"
VERSION = 1
MAX_FILE_BYTES = 2_000_000
MAX_REPLIES = 1000
MAX_NAME = 200
MAX_BODY = 10_000
KEYWORD = re.compile(r"[a-z0-9_-]{0,50}")


class QuickReplyFileError(ValueError):
    """The file is not a quick-reply file DMDesk can read; the text says why."""


def to_json(replies: Sequence[QuickReply]) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "replies": [
                {
                    "name": r.name,
                    "body": r.body,
                    "keyword": r.keyword,
                    "platforms": [p.value for p in r.platforms],
                    **(
                        {
                            "files": [
                                {
                                    "name": a.name,
                                    "kind": a.kind.value,
                                    "mime": a.mime,
                                    "member": a.local_path,
                                }
                                for a in r.files
                            ]
                        }
                        if r.files
                        else {}
                    ),
                }
                for r in replies
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def from_json(data: bytes, *, files_allowed: bool = False) -> list[QuickReply]:
    """The replies in a file's bytes; with ``files_allowed`` (the index of a .zip
    export) each file's ``local_path`` is its member. Raises QuickReplyFileError."""
    if len(data) > MAX_FILE_BYTES:
        raise QuickReplyFileError(
            f"The file is {len(data) // 1_000_000} MB; a quick-reply file is at most 2 MB."
        )
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise QuickReplyFileError("The file is not text (UTF-8).") from None
    except json.JSONDecodeError as error:
        raise QuickReplyFileError(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    except RecursionError:
        raise QuickReplyFileError("The file is nested too deeply to be quick replies.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise QuickReplyFileError("This is not a DMDesk quick-reply file.")
    if document.get("version") != VERSION:
        raise QuickReplyFileError(
            f"This file is version {document.get('version')!r}; this DMDesk reads version 1."
        )
    items = document.get("replies")
    if not isinstance(items, list):
        raise QuickReplyFileError('The file has no list of "replies".')
    if len(items) > MAX_REPLIES:
        raise QuickReplyFileError(f"The file has {len(items):,} replies; at most 1,000 fit.")
    return [_reply(number, item, files_allowed) for number, item in enumerate(items, start=1)]


def _reply(number: int, item: Any, files_allowed: bool) -> QuickReply:
    def problem(text: str) -> QuickReplyFileError:
        return QuickReplyFileError(f"Reply {number}: {text}")

    if not isinstance(item, dict):
        raise problem("is not an object with a name and a body.")
    name, body = item.get("name"), item.get("body")
    keyword, platforms = item.get("keyword", ""), item.get("platforms", [])
    if not isinstance(name, str) or not name.strip():
        raise problem('"name" is missing or empty.')
    if len(name) > MAX_NAME:
        raise problem(f'"name" is longer than {MAX_NAME} characters.')
    if not isinstance(body, str) or not body.strip():
        raise problem('"body" is missing or empty.')
    if len(body) > MAX_BODY:
        raise problem(f'"body" is longer than {MAX_BODY:,} characters.')
    if not isinstance(keyword, str) or not KEYWORD.fullmatch(keyword):
        raise problem('"keyword" may use only a-z, 0-9, - and _, up to 50 of them.')
    if not isinstance(platforms, list) or not all(isinstance(p, str) for p in platforms):
        raise problem('"platforms" must be a list of names such as "instagram".')
    known = {p.value for p in Platform}
    unknown = [p for p in platforms if p not in known]
    if unknown:
        raise problem(f"unknown platform {unknown[0][:40]!r}.")
    files = item.get("files", [])
    if files and not files_allowed:
        raise problem("carries files, which come only in a .zip export (with the files).")
    if not isinstance(files, list):
        raise problem('"files" must be a list.')
    return QuickReply(
        name=name.strip(),
        body=body,
        keyword=keyword,
        platforms=tuple(dict.fromkeys(Platform(p) for p in platforms)),
        files=tuple(_file(problem, entry) for entry in files),
    )


def _file(problem: Any, entry: Any) -> Attachment:
    kinds = {k.value for k in AttachmentKind}
    if not isinstance(entry, dict):
        raise problem("a file is not an object with a name and a member.")
    name, member, kind = entry.get("name"), entry.get("member"), entry.get("kind", "file")
    mime = entry.get("mime", "")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise problem("a file has no name, or one over 200 characters.")
    if not isinstance(member, str) or not member.startswith("files/") or ".." in member:
        raise problem(f"{name[:60]} does not say where it is in the zip.")
    if kind not in kinds or not isinstance(mime, str):
        raise problem(f"{name[:60]} has an unknown kind.")
    return Attachment(AttachmentKind(kind), name.strip(), mime[:100], local_path=member)
