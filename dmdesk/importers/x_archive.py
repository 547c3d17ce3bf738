"""The X (Twitter) archive: ``data/direct-messages.js`` and
``data/direct-messages-group.js`` (and their ``-part1`` … splits); archives from
2018 have ``direct-message.js`` at their root, with times in epoch milliseconds.
One of these files picked on its own is read too.

Each file is JavaScript, ``window.YTD.direct_messages.part0 = [ … ]``: after the
``=`` it is JSON, streamed conversation by conversation with ijson. DMs carry
user ids only; the owner's name comes from ``account.js``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import IO, Any

import ijson  # type: ignore[import-untyped]

from dmdesk.domain import AttachmentKind, Platform
from dmdesk.importers.model import (
    ImportedMedia,
    ImportedMessage,
    ImportedThread,
    Importer,
    ImportFormatError,
    Person,
)
from dmdesk.importers.source import DownloadSource

DM_FILE = re.compile(r"(?:^|/)direct-messages?(?P<group>-group)?(?:-part\d+)?\.js$")
MEDIA_FOLDER = re.compile(r"(?:^|/)direct_messages?(?:_group)?_media/(?P<file>[^/]+)$")
ACCOUNT_FILE = re.compile(r"(?:^|/)account\.js$")
MESSAGE_EVENTS = ("messageCreate", "welcomeMessageCreate")
"""A message, and the welcome message a business account shows whoever opens a
chat with it (its own kind of event; the same fields)."""
TRAILING_TCO = re.compile(r"\s*https://t\.co/\w+$")


class XArchiveImporter(Importer):
    format = "x"
    label = "X archive (direct messages)"
    platform = Platform.X

    def __init__(self, source: DownloadSource) -> None:
        super().__init__(source)
        self._files = [name for name in source.names() if DM_FILE.search(name)]
        self._media: dict[str, str] = {}
        for name in source.names():
            match = MEDIA_FOLDER.search(name)
            if match:
                self._media[match["file"]] = name

    @classmethod
    def detect(cls, source: DownloadSource) -> bool:
        return any(DM_FILE.search(name) for name in source.names())

    def files(self) -> list[str]:
        return self._files

    def owner(self) -> Person | None:
        for name in self.source.names():
            if not ACCOUNT_FILE.search(name):
                continue
            try:
                with self.source.open_json(name) as stream:
                    _skip_assignment(stream, self.source.described(name))
                    entries = json.load(stream)
                account = entries[0]["account"]
                handle = str(account.get("username", ""))
                return Person(
                    id=str(account["accountId"]),
                    name=str(account.get("accountDisplayName") or handle),
                    handle=handle,
                )
            except (
                ImportFormatError,
                ValueError,
                LookupError,
                TypeError,
                AttributeError,
                RecursionError,
            ):
                return None  # the owner is then found from the conversations
        return None

    def threads(self) -> Iterator[ImportedThread]:
        for name in self._files:
            group = bool(DM_FILE.search(name)["group"])  # type: ignore[index]
            described = self.source.described(name)
            with self.source.open_json(name) as stream:
                _skip_assignment(stream, described)
                try:
                    for number, item in enumerate(ijson.items(stream, "item"), start=1):
                        yield self._thread(item, group, f"{described}, conversation {number}")
                except ijson.JSONError as error:
                    raise ImportFormatError(
                        f"{described}: this is not valid archive data ({error}); "
                        "the file may be cut short"
                    ) from None

    def _thread(self, item: Any, group: bool, where: str) -> ImportedThread:
        conversation = item.get("dmConversation") if isinstance(item, Mapping) else None
        if not isinstance(conversation, Mapping) or not isinstance(
            conversation.get("messages"), list
        ):
            raise ImportFormatError(f"{where}: no dmConversation with messages")
        key = str(conversation.get("conversationId", ""))
        if not key:
            raise ImportFormatError(f"{where}: no conversationId")
        group = group or "-" not in key
        people = () if group else tuple(Person(id=uid, name="") for uid in key.split("-"))
        thread = ImportedThread(key=key, title="", is_group=group, people=people, messages=iter(()))
        thread.messages = self._messages(conversation["messages"], thread, where)
        return thread

    def _messages(
        self, events: list[Any], thread: ImportedThread, where: str
    ) -> Iterator[ImportedMessage]:
        for number, event in enumerate(events, start=1):
            if not isinstance(event, Mapping):
                raise ImportFormatError(f"{where}, event {number}: not an object")
            here = f"{where}, event {number}"
            created = next((event[k] for k in MESSAGE_EVENTS if k in event), None)
            if isinstance(created, Mapping):
                yield self._message(created, here)
            elif isinstance(event.get("joinConversation"), Mapping):
                joined = event["joinConversation"]
                snapshot = joined.get("participantsSnapshot")
                for uid in snapshot if isinstance(snapshot, list) else ():
                    thread.extra_people.append(Person(id=str(uid), name=""))
            elif isinstance(event.get("conversationNameUpdate"), Mapping) and not thread.title:
                # Newest first: the first name seen is the current one.
                thread.title = str(event["conversationNameUpdate"].get("name", ""))

    def _message(self, event: Mapping[str, Any], where: str) -> ImportedMessage:
        try:
            message_id = str(event["id"])
            sender = Person(id=str(event["senderId"]), name="")
            sent_at = _parse_time(str(event["createdAt"]))
        except (KeyError, ValueError):
            raise ImportFormatError(
                f"{where}: a message without id, senderId or createdAt"
            ) from None
        text = html.unescape(str(event.get("text", "")))
        urls = event.get("urls")
        for url in urls if isinstance(urls, list) else ():
            if isinstance(url, Mapping) and url.get("url") and url.get("expanded"):
                text = text.replace(str(url["url"]), str(url["expanded"]))
        media = tuple(self._media_of(message_id, event.get("mediaUrls")))
        if media:
            text = TRAILING_TCO.sub("", text)  # the link X put in for the photo itself
        return ImportedMessage(
            key=message_id, sender=sender, text=text, sent_at=sent_at, media=media
        )

    def _media_of(self, message_id: str, urls: Any) -> Iterator[ImportedMedia]:
        for url in urls if isinstance(urls, list) else ():
            file_name = PurePosixPath(str(url)).name
            kind = AttachmentKind.VIDEO if file_name.endswith(".mp4") else AttachmentKind.IMAGE
            path = self._media.get(f"{message_id}-{file_name}", "")
            yield ImportedMedia(kind, file_name, path=path, url="" if path else str(url))


def _skip_assignment(stream: IO[bytes], described: str) -> None:
    """Read past ``window.YTD.<name>.partN =``; what follows is JSON."""
    prefix = bytearray()
    while len(prefix) < 200:
        byte = stream.read(1)
        if not byte:
            break
        if byte == b"=":
            return
        prefix += byte
    raise ImportFormatError(
        f"{described}: does not start like an X archive file (window.YTD.… = [ … ])"
    )


def _parse_time(text: str) -> datetime:
    """ISO 8601 ("2021-09-15T06:00:28.597Z"), or, in 2018's archives, epoch
    milliseconds in a string ("1534138567670")."""
    if text.isdigit():
        try:
            return datetime.fromtimestamp(int(text) / 1000, UTC)
        except (OverflowError, OSError) as error:
            raise ValueError(text) from error
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
