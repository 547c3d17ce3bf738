"""Telegram Desktop's "Export chat history" / "Export Telegram data" (JSON).

``result.json`` is either the whole account (``personal_information``,
``chats.list``, ``left_chats.list``) or one chat (``name``, ``type``, ``id``,
``messages``). A whole account can be a gigabyte in one file, so it is read as
a stream of JSON events and only one message is built at a time.

Only conversations a business answers are imported: private chats and private
groups. Channels, public groups, bots, saved messages are counted as skipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

import ijson  # type: ignore[import-untyped]

from dmdesk.domain import AttachmentKind, Platform
from dmdesk.importers.model import (
    ImportedMedia,
    ImportedMessage,
    ImportedThread,
    Importer,
    ImportFormatError,
    Person,
    Section,
)
from dmdesk.importers.source import DownloadSource

RESULT_FILE = "result.json"
CHAT_PARENTS = {"": Section.INBOX, "chats.list.item": Section.INBOX}
CHAT_PARENTS["left_chats.list.item"] = Section.ARCHIVED
IMPORTED_TYPES = {"personal_chat", "private_group", "private_supergroup"}
SKIPPED_TYPES = {
    "bot_chat": "chats with bots",
    "public_supergroup": "public groups",
    "private_channel": "channels",
    "public_channel": "channels",
    "saved_messages": "saved messages",
    "replies": "replies threads",
}
TELEGRAM_MARKERS = (
    b'"personal_information"',
    b'"date_unixtime"',
    b'"from_id"',
    b'"personal_chat"',
    b'"private_group"',
    b'"private_supergroup"',
)
VALUE_STARTS = frozenset({"start_map", "start_array", "string", "number", "boolean", "null"})
"""ijson events that begin a value: one per list item."""
NOT_INCLUDED = "(File not included."
MEDIA_KINDS = {
    "sticker": AttachmentKind.STICKER,
    "voice_message": AttachmentKind.AUDIO,
    "audio_file": AttachmentKind.AUDIO,
    "video_file": AttachmentKind.VIDEO,
    "video_message": AttachmentKind.VIDEO,
    "animation": AttachmentKind.VIDEO,
}


class TelegramDesktopImporter(Importer):
    format = "telegram"
    label = "Telegram Desktop export (result.json)"
    platform = Platform.TELEGRAM

    def __init__(self, source: DownloadSource) -> None:
        super().__init__(source)
        self._file = _result_file(source) or ""
        self._folder = str(PurePosixPath(self._file).parent).removeprefix(".")
        self._folder += "/" if self._folder else ""

    @classmethod
    def detect(cls, source: DownloadSource) -> bool:
        return _result_file(source) is not None

    def files(self) -> list[str]:
        return [self._file] if self._file else []

    def owner(self) -> Person | None:
        """From ``personal_information``, which a whole-account export writes first."""
        fields: dict[str, Any] = {}
        try:
            with self.source.open_json(self._file) as stream:
                for prefix, event, value in ijson.parse(stream):
                    if prefix.startswith("personal_information."):
                        fields[prefix.removeprefix("personal_information.")] = value
                    elif event == "map_key" and prefix == "" and fields:
                        break  # past personal_information
                    elif prefix.startswith(("chats", "messages")):
                        break  # a one-chat export, or no personal_information first
        except (ijson.JSONError, ImportFormatError):
            return None
        if "user_id" not in fields:
            return None
        name = " ".join(
            str(fields.get(key) or "").strip() for key in ("first_name", "last_name")
        ).strip()
        username = str(fields.get("username") or "").strip()
        handle = username if username.startswith("@") or not username else f"@{username}"
        return Person(id=str(fields["user_id"]), name=name or handle, handle=handle)

    def threads(self) -> Iterator[ImportedThread]:
        """Two passes over the file: the chats with how many messages each holds (a
        cheap walk over ijson's events), then each list of messages built by
        ijson's C code and dealt out chat by chat. Building each message in
        Python from events took four times as long."""
        described = self.source.described(self._file)
        chats = self._chats(described)
        for parent in dict.fromkeys(chat["parent"] for chat in chats):
            with self.source.open_json(self._file) as stream:
                messages = ijson.items(stream, _messages_prefix(parent))
                for chat in (c for c in chats if c["parent"] == parent):
                    raw = itertools.islice(messages, chat["count"])
                    batch = self._messages(raw, chat, described)
                    thread = self._thread(chat, parent, batch, described)
                    if thread is not None:
                        yield thread
                    for _ in raw:  # what the reader left, or a skipped chat's, unread
                        pass

    def _chats(self, described: str) -> list[dict[str, Any]]:
        """Every chat in file order: its parent ("chats.list.item"…), name, type, id
        and number of messages."""
        chats: list[dict[str, Any]] = []
        items = {
            f"{parent}.messages.item" if parent else "messages.item" for parent in CHAT_PARENTS
        }
        with self.source.open_json(self._file) as stream:
            try:
                for prefix, event, value in ijson.parse(stream):
                    if event == "start_map" and prefix in CHAT_PARENTS:
                        chats.append({"parent": prefix, "count": 0})
                    elif prefix in items and event in VALUE_STARTS and chats:
                        chats[-1]["count"] += 1  # any value, so the second pass agrees
                    elif event in ("string", "number") and chats:
                        parent, _, key = prefix.rpartition(".")
                        if key in ("name", "type", "id") and parent == chats[-1]["parent"]:
                            chats[-1][key] = value
            except ijson.JSONError as error:
                raise _cut_short(described, error) from None
        return [chat for chat in chats if chat["count"] or "id" in chat]

    def _thread(
        self,
        chat: Mapping[str, Any],
        parent: str,
        messages: Iterator[ImportedMessage],
        described: str,
    ) -> ImportedThread | None:
        kind = str(chat.get("type", ""))
        if kind in SKIPPED_TYPES:
            self.skipped[SKIPPED_TYPES[kind]] += 1
            return None
        if "id" not in chat:
            raise ImportFormatError(f"{described}: a chat without an id before its messages")
        if kind and kind not in IMPORTED_TYPES:
            self.skipped[f"chats of type {kind}"] += 1
            return None
        name = str(chat.get("name") or "Deleted account")
        personal = kind == "personal_chat" or not kind
        counterpart = Person(id=str(chat["id"]), name=name) if personal else None
        return ImportedThread(
            key=str(chat["id"]),
            title=name,
            is_group=not personal,
            people=(counterpart,) if counterpart else (),
            messages=messages,
            section=CHAT_PARENTS[parent],
            source_file=self._file,
            counterpart=counterpart,
        )

    def _messages(
        self, messages: Iterator[Any], chat: Mapping[str, Any], where: str
    ) -> Iterator[ImportedMessage]:
        try:
            for number, message in enumerate(messages, start=1):
                if not isinstance(message, Mapping):
                    raise ImportFormatError(f"{where}: message {number} is not an object")
                yield self._message(message, chat, f"{where}, message {number}")
        except ijson.JSONError as error:
            raise _cut_short(where, error) from None

    def _message(
        self, message: Mapping[str, Any], chat: Mapping[str, Any], where: str
    ) -> ImportedMessage:
        if "id" not in message:
            raise ImportFormatError(f"{where}: a message without an id")
        sent_at = _time(message, where)
        if message.get("type") == "service":
            sender = None
            text = _service_text(message)
        else:
            sender = _sender(message)
            text = _text(message.get("text"))
        return ImportedMessage(
            # The same "<chat>:<message>" ids the Telegram connector stores.
            key=f"{chat['id']}:{message['id']}",
            sender=sender,
            text=text,
            sent_at=sent_at,
            media=tuple(self._media(message)),
            edited="edited" in message,
            reply_to=_reply_key(chat, message),
        )

    def _media(self, message: Mapping[str, Any]) -> Iterator[ImportedMedia]:
        for field in ("photo", "file"):
            value = message.get(field)
            if not isinstance(value, str) or not value:
                continue
            if field == "photo":
                kind = AttachmentKind.IMAGE
            else:
                kind = MEDIA_KINDS.get(str(message.get("media_type", "")), AttachmentKind.FILE)
            if value.startswith(NOT_INCLUDED):
                name = str(message.get("file_name") or kind.value.capitalize())
                yield ImportedMedia(kind, f"{name} (not in the export)")
                continue
            path = self._folder + value
            yield ImportedMedia(
                kind, PurePosixPath(value).name, path=path if self.source.exists(path) else ""
            )


def _messages_prefix(chat_parent: str) -> str:
    return f"{chat_parent}.messages.item" if chat_parent else "messages.item"


def _cut_short(described: str, error: Exception) -> ImportFormatError:
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return ImportFormatError(
        f"{described}: this is not valid JSON ({reason}); the file may be cut short"
    )


def _result_file(source: DownloadSource) -> str | None:
    if source.chosen_file is not None:
        chosen = source.chosen_file
        return chosen if chosen.endswith(".json") and _peek(source, chosen) else None
    found = [name for name in source.names() if PurePosixPath(name).name == RESULT_FILE]
    found = [name for name in found if _peek(source, name)]
    return min(found, key=len) if found else None


def _peek(source: DownloadSource, name: str) -> bool:
    """Whether the file opens like a Telegram export (words only it writes)."""
    with source.open(name) as stream:  # a damaged file says so, rather than "not found"
        head = stream.read(4096)
    return any(marker in head for marker in TELEGRAM_MARKERS)


def _time(message: Mapping[str, Any], where: str) -> datetime:
    stamp = message.get("date_unixtime")
    try:
        if stamp is not None:
            return datetime.fromtimestamp(int(stamp), UTC)
        # Older exports: the exporting computer's local time, without an offset.
        return datetime.fromisoformat(str(message["date"])).astimezone(UTC)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        raise ImportFormatError(f"{where}: no date (date_unixtime or date)") from None


def _sender(message: Mapping[str, Any]) -> Person:
    from_id = str(message.get("from_id") or "")
    # "user123" is the same 123 the Bot API uses for that person.
    uid = from_id.removeprefix("user") if from_id.startswith("user") else from_id
    name = message.get("from")
    return Person(id=uid or "unknown", name=str(name) if name else "Deleted account")


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    parts: list[str] = []
    for piece in value:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, Mapping):
            text = str(piece.get("text", ""))
            href = piece.get("href")
            parts.append(f"{text} ({href})" if href and href != text else text)
    return "".join(parts)


def _service_text(message: Mapping[str, Any]) -> str:
    actor = str(message.get("actor") or "Someone")
    action = str(message.get("action") or "")
    title = message.get("title")
    members = message.get("members")
    if action == "create_group":
        return f"{actor} created the group “{title}”" if title else f"{actor} created the group"
    if action in ("invite_members", "remove_members") and isinstance(members, list):
        verb = "added" if action == "invite_members" else "removed"
        return f"{actor} {verb} {', '.join(str(m) for m in members)}"
    if action == "edit_group_title" and title:
        return f"{actor} renamed the group to “{title}”"
    if action == "phone_call":
        seconds = message.get("duration_seconds")
        return f"Call with {actor}" + (f" ({seconds} s)" if seconds else "")
    if action == "pin_message":
        return f"{actor} pinned a message"
    return f"{actor}: {action.replace('_', ' ')}" if action else _text(message.get("text"))


def _reply_key(chat: Mapping[str, Any], message: Mapping[str, Any]) -> str:
    """The message this one answers, in the same chat (``reply_to_message_id``)."""
    answered = message.get("reply_to_message_id")
    if isinstance(answered, int) and not isinstance(answered, bool):
        return f"{chat['id']}:{answered}"
    return ""
