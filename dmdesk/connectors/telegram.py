"""Telegram through the Bot API: long-polling getUpdates, sendMessage, and
Telegram Business (a bot answering for a business account).

Message ids are unique per chat, not per bot, so the platform message id
stored is "<chat id>:<message id>". The cursor is the next update_id to ask
for; Telegram forgets updates once a later offset confirms them.
"""

from __future__ import annotations

import json
import logging
import mimetypes
from collections.abc import Callable, Generator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dmdesk.connectors.base import (
    AuthExpired,
    Connector,
    PermanentError,
    RateLimited,
    TemporaryError,
    moment,
)
from dmdesk.connectors.http import MalformedResponse, PlatformHttp
from dmdesk.domain import (
    AccountIdentity,
    Attachment,
    AttachmentKind,
    BusinessConnection,
    Direction,
    FetchedMessage,
    FetchResult,
    OutgoingMessage,
    Participant,
    Platform,
)

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.telegram.org"
LONG_POLL_SECONDS = 25
BOT_DOWNLOAD_BYTES = 20 * 1024 * 1024
"""The biggest file the Bot API lets a bot download."""
TOO_BIG_FOR_BOTS = "Telegram lets bots download files of up to 20 MB: open this one in Telegram."
MESSAGE_UPDATES = {
    "message": False,
    "edited_message": True,
    "business_message": False,
    "edited_business_message": True,
}
"""The update fields that carry a message, and whether it is an edit."""
ALLOWED_UPDATES = [*MESSAGE_UPDATES, "business_connection", "deleted_business_messages"]
DELETED_PER_UPDATE = 1000
"""The most deletions one update may name (Telegram sends a few; a hostile server
could send millions)."""


class TelegramConnector(Connector):
    platform = Platform.TELEGRAM
    # Bot API: "Incoming updates are stored on the server until the bot receives
    # them, but they will not be kept longer than 24 hours."
    keeps_updates_for = timedelta(hours=24)

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        business_connection_id: str = "",
        long_poll_seconds: int = LONG_POLL_SECONDS,
        timeout_s: float | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._token = token
        self._business_connection_id = business_connection_id
        self._long_poll_seconds = long_poll_seconds
        self._clock = clock or (lambda: datetime.now(UTC))
        self._http = PlatformHttp(
            base_url.rstrip("/") + "/",
            platform_name="Telegram",
            secrets=(token,),
            # The read timeout must outlast the long poll Telegram holds open.
            timeout_s=timeout_s if timeout_s is not None else long_poll_seconds + 15,
        )

    # --- the API ---------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> Any:
        path = f"/bot{self._token}/{method}"  # leading /: "bot1:x" would parse as a scheme
        if files:
            response = self._http.request("POST", path, data=params, files=files)
        else:
            response = self._http.request("POST", path, json_body=dict(params or {}))
        body = self._http.json(response)
        if not isinstance(body, dict) or "ok" not in body:
            raise MalformedResponse(f"Telegram's answer to {method} has no ok field.")
        if body["ok"] is True:
            return body.get("result")
        raise self._error(method, response.status_code, body)

    def _error(self, method: str, status: int, body: Mapping[str, Any]) -> Exception:
        code = body.get("error_code", status)
        description = self._http.hide(str(body.get("description", "")))[:300]
        parameters = body.get("parameters") if isinstance(body.get("parameters"), dict) else {}
        if code == 401 or status == 401:
            return AuthExpired(
                "Telegram no longer accepts this bot token. Create a new one with "
                "@BotFather and re-connect the account."
            )
        if code == 429:
            seconds = parameters.get("retry_after") if parameters else None
            wait = seconds if isinstance(seconds, int) and seconds >= 0 else 30
            return RateLimited(
                f"Telegram asks to wait {wait} s before {method}.",
                self._clock() + timedelta(seconds=wait),
            )
        if code == 409:
            return TemporaryError(
                "Another program is reading this bot's messages (or a webhook is set). "
                "Stop it, or give DMDesk a bot of its own."
            )
        if isinstance(code, int) and code >= 500:
            return TemporaryError(f"Telegram had a problem ({code}): {description}")
        return PermanentError(f"Telegram refused {method}: {description or code}")

    # --- Connector ---------------------------------------------------------------------------

    def check(self) -> AccountIdentity:
        me = self._call("getMe")
        if not isinstance(me, dict) or "id" not in me:
            raise MalformedResponse("Telegram's answer to getMe is not a user.")
        name = _full_name(me) or "Telegram bot"
        username = me.get("username")
        return AccountIdentity(name, f"@{username}" if isinstance(username, str) else "")

    def poll_interval_seconds(self) -> float:
        return 0.2  # getUpdates itself waits for news, up to the long-poll time

    def fetch(self, cursor: str | None) -> FetchResult:
        return self._updates(cursor, self._long_poll_seconds)

    def catch_up(self, cursor: str | None) -> FetchResult:
        return self._updates(cursor, 0)

    def _updates(self, cursor: str | None, wait_seconds: int) -> FetchResult:
        params: dict[str, Any] = {
            "timeout": wait_seconds,
            "limit": 100,
            "allowed_updates": ALLOWED_UPDATES,
        }
        if cursor:
            params["offset"] = int(cursor)
        updates = self._call("getUpdates", params)
        if not isinstance(updates, list):
            raise MalformedResponse("Telegram's answer to getUpdates is not a list.")
        messages: list[FetchedMessage] = []
        connections: list[BusinessConnection] = []
        next_offset = int(cursor) if cursor else None
        for update in updates:
            update_id = update.get("update_id") if isinstance(update, dict) else None
            if not isinstance(update_id, int):
                log.warning("skipped a Telegram update without an update_id")
                continue
            next_offset = max(next_offset or 0, update_id + 1)
            try:
                if "business_connection" in update:
                    connections.append(self._connected(update["business_connection"]))
                    continue
                if "deleted_business_messages" in update:
                    messages += self._deleted(update["deleted_business_messages"])
                    continue
                message = self._message_of(update)
            except (KeyError, TypeError, ValueError) as error:
                # One odd update must not stop the rest: log its shape, never its text.
                log.warning("skipped Telegram update %s: %s", update_id, type(error).__name__)
                continue
            if message is not None:
                messages.append(message)
        return FetchResult(
            messages=tuple(messages),
            business_connections=tuple(connections),
            cursor=str(next_offset) if next_offset is not None else None,
        )

    def _connected(self, update: Mapping[str, Any]) -> BusinessConnection:
        """The owner connected the bot to their Telegram Business account (or changed
        what it may do, or took it away): replies go through that connection."""
        rights = update.get("rights")
        # Bot API 9.0 moved can_reply into rights; older servers send it on its own.
        can_reply = (
            bool(rights.get("can_reply"))
            if isinstance(rights, dict)
            else bool(update.get("can_reply"))
        )
        connection = BusinessConnection(
            connection_id=str(update["id"]),
            owner=_participant(update["user"]),
            can_reply=can_reply,
            enabled=bool(update.get("is_enabled", True)),
        )
        if connection.enabled:
            self._business_connection_id = connection.connection_id
        elif self._business_connection_id == connection.connection_id:
            self._business_connection_id = ""
        return connection

    def _deleted(self, update: Mapping[str, Any]) -> list[FetchedMessage]:
        """A customer (or the owner) deleted messages of a business chat: each is an
        amend that marks the stored message unsent, and adds nothing where DMDesk
        never had it."""
        chat = _participant(update["chat"])
        ids = update["message_ids"]
        if not isinstance(ids, list):
            raise TypeError("message_ids is not a list")
        chat_id = chat.platform_user_id
        return [
            FetchedMessage(
                platform_conversation_id=chat_id,
                platform_message_id=f"{chat_id}:{number}",
                sender=chat,
                direction=Direction.INCOMING,
                text="",
                sent_at=self._clock(),
                unsent=True,
                amends=True,
            )
            for number in ids[:DELETED_PER_UPDATE]
            if isinstance(number, int) and not isinstance(number, bool)
        ]

    def _message_of(self, update: Mapping[str, Any]) -> FetchedMessage | None:
        for field, edited in MESSAGE_UPDATES.items():
            if field in update:
                return _fetched(
                    update[field],
                    edited=edited,
                    business=field.startswith("bus"),
                    arrived=self._clock(),
                )
        return None  # an update kind DMDesk does not show

    def send(self, message: OutgoingMessage) -> str:
        chat_id = message.platform_conversation_id
        base: dict[str, Any] = {"chat_id": int(chat_id) if _is_int(chat_id) else chat_id}
        if self._business_connection_id:
            base["business_connection_id"] = self._business_connection_id
        first_id: str | None = None
        answers = _reply_parameters(chat_id, message.reply_to)
        if message.text.strip():
            sent = self._call("sendMessage", {**base, **answers, "text": message.text})
            first_id = _sent_id(chat_id, sent)
        for attachment in message.attachments:
            method, field = (
                ("sendPhoto", "photo")
                if attachment.kind is AttachmentKind.IMAGE
                else ("sendDocument", "document")
            )
            try:
                data = Path(attachment.local_path).read_bytes()
            except OSError as error:
                raise PermanentError(
                    f"{attachment.name} cannot be read any more: {error.strerror}"
                ) from None
            mime = attachment.mime or mimetypes.guess_type(attachment.name)[0] or ""
            form = {k: str(v) for k, v in base.items()}
            if first_id is None and answers:  # the answered message goes with the first part
                form["reply_parameters"] = json.dumps(answers["reply_parameters"])
            sent = self._call(
                method,
                form,
                files={field: (attachment.name, data, mime or "application/octet-stream")},
            )
            first_id = first_id or _sent_id(chat_id, sent)
        if first_id is None:
            raise PermanentError("There is nothing to send.")
        return first_id

    def download(self, attachment: Attachment) -> Generator[bytes, None, None]:
        """A file by its ``file_id``: getFile says where it is, then its bytes.
        Telegram lets a bot download files of up to 20 MB."""
        file_id = attachment.url.removeprefix(FILE_SCHEME)
        if not attachment.url.startswith(FILE_SCHEME) or not file_id:
            raise PermanentError("DMDesk does not know where Telegram keeps this file.")
        if attachment.size is not None and attachment.size > BOT_DOWNLOAD_BYTES:
            raise PermanentError(TOO_BIG_FOR_BOTS)
        try:
            found = self._call("getFile", {"file_id": file_id})
        except PermanentError as error:
            if "too big" in str(error):
                raise PermanentError(TOO_BIG_FOR_BOTS) from None
            raise
        where = found.get("file_path") if isinstance(found, dict) else None
        if not isinstance(where, str) or not where:
            raise MalformedResponse("Telegram's answer to getFile has no file_path.")
        if where.startswith("/") or ".." in where.split("/") or "?" in where or "#" in where:
            raise MalformedResponse("Telegram's answer to getFile names an odd path.")
        with self._http.stream(f"/file/bot{self._token}/{where}") as response:
            if response.status_code >= 400:
                response.read()
                raise self._error("the download", response.status_code, {})
            yield from response.iter_bytes()

    def close(self) -> None:
        self._http.close()


def _reply_parameters(chat_id: str, reply_to: str) -> dict[str, Any]:
    """``reply_parameters`` for a reply to one message of this chat ("<chat>:<id>");
    sent even if the original was deleted since, as a plain message then."""
    chat, _, number = reply_to.rpartition(":")
    if not reply_to or chat != chat_id or not number.isdigit():
        return {}
    return {"reply_parameters": {"message_id": int(number), "allow_sending_without_reply": True}}


def _is_int(text: str) -> bool:
    return text.removeprefix("-").isdigit()


def _sent_id(chat_id: str, sent: Any) -> str:
    if not isinstance(sent, dict) or not isinstance(sent.get("message_id"), int):
        raise MalformedResponse("Telegram's answer to a send is not a message.")
    return f"{chat_id}:{sent['message_id']}"


def _full_name(user: Mapping[str, Any]) -> str:
    """A person's first and last name, or a chat's title."""
    parts = [user.get("first_name"), user.get("last_name")]
    name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    title = user.get("title")
    return name or (title.strip() if isinstance(title, str) else "")


def _participant(user: Mapping[str, Any]) -> Participant:
    username = user.get("username")
    return Participant(
        platform_user_id=str(int(user["id"])),
        display_name=_full_name(user) or (f"@{username}" if username else "Telegram user"),
        handle=f"@{username}" if isinstance(username, str) and username else "",
    )


def _sent_at(date: Any, arrived: datetime) -> datetime:
    """A message's date, or when it arrived where no calendar has that date: its
    text is kept either way."""
    return moment(int(date)) or arrived


def _fetched(
    message: Mapping[str, Any], *, edited: bool, business: bool, arrived: datetime
) -> FetchedMessage:
    chat = message["chat"]
    chat_id = str(int(chat["id"]))
    is_group = chat.get("type") in ("group", "supergroup")
    sender = _participant(message.get("from") or message.get("sender_chat") or chat)
    # A business account's own messages (sent from the phone) arrive as business
    # messages whose sender is not the customer whose private chat it is.
    outgoing = business and not is_group and sender.platform_user_id != chat_id
    if is_group:
        title = str(chat.get("title") or "Telegram group")
        participants: tuple[Participant, ...] = ()
    else:
        person = _participant(chat)
        title = person.display_name
        participants = (person,)
    text = message.get("text") or message.get("caption") or ""
    return FetchedMessage(
        platform_conversation_id=chat_id,
        platform_message_id=f"{chat_id}:{int(message['message_id'])}",
        sender=sender,
        direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
        text=str(text),
        sent_at=_sent_at(message["date"], arrived),
        conversation_title=title,
        is_group=is_group,
        participants=participants,
        attachments=_attachments(message),
        edited=edited,
        automatic=not outgoing and _from_a_bot(message),
        reply_to=_answered(chat_id, message),
    )


def _answered(chat_id: str, message: Mapping[str, Any]) -> str:
    """The message of the same chat this one answers (``reply_to_message``)."""
    original = message.get("reply_to_message")
    number = original.get("message_id") if isinstance(original, Mapping) else None
    if isinstance(number, int) and not isinstance(number, bool):
        return f"{chat_id}:{number}"
    return ""


def _from_a_bot(message: Mapping[str, Any]) -> bool:
    """Another bot wrote it (the Bot API marks its sender ``is_bot``)."""
    sender = message.get("from")
    return isinstance(sender, Mapping) and sender.get("is_bot") is True


def _attachments(message: Mapping[str, Any]) -> tuple[Attachment, ...]:
    """A message's files, each known by its ``file_id`` (``tg-file:<id>``) to be
    downloaded when it is shown, with the size and length Telegram gives."""
    found: list[Attachment] = []
    photos = message.get("photo")
    if isinstance(photos, list) and photos and isinstance(photos[-1], dict):
        biggest = photos[-1]  # Telegram lists the sizes smallest first
        found.append(
            Attachment(
                AttachmentKind.IMAGE,
                "photo.jpg",
                "image/jpeg",
                url=_file_address(biggest),
                size=_size(biggest),
                width=_number(biggest, "width"),
                height=_number(biggest, "height"),
            )
        )
    for field, kind in (
        ("video", AttachmentKind.VIDEO),
        ("animation", AttachmentKind.VIDEO),  # a GIF, which Telegram keeps as MP4
        ("video_note", AttachmentKind.VIDEO),
        ("audio", AttachmentKind.AUDIO),
        ("voice", AttachmentKind.AUDIO),
        ("document", AttachmentKind.FILE),
        ("sticker", AttachmentKind.STICKER),
    ):
        item = message.get(field)
        if not isinstance(item, dict):
            continue
        if field == "animation" and "document" in message:
            continue  # Telegram sends an animation's document too: one file, not two
        name = item.get("file_name") or item.get("emoji") or field
        poster = item.get("thumbnail") or item.get("thumb")
        mime = str(item.get("mime_type") or "")
        if kind is AttachmentKind.STICKER and (item.get("is_animated") or item.get("is_video")):
            # Lottie or WebM: not a picture; its still thumbnail stands in for it.
            kind, mime = AttachmentKind.VIDEO, mime or "video/webm"
        side = _number(item, "length")  # a round video note is as wide as it is high
        seconds = _number(item, "duration")
        found.append(
            Attachment(
                kind,
                str(name),
                mime,
                url=_file_address(item),
                size=_size(item),
                width=_number(item, "width") or side,
                height=_number(item, "height") or side,
                duration_ms=seconds * 1000 if seconds is not None else None,
                poster_url=_file_address(poster) if isinstance(poster, dict) else "",
            )
        )
    return tuple(found)


FILE_SCHEME = "tg-file:"
"""``Attachment.url`` of a file Telegram keeps: the scheme, then its ``file_id``."""


def _file_address(item: Mapping[str, Any]) -> str:
    file_id = item.get("file_id")
    return f"{FILE_SCHEME}{file_id}" if isinstance(file_id, str) and file_id else ""


def _number(item: Mapping[str, Any], field: str) -> int | None:
    value = item.get(field)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _size(item: Any) -> int | None:
    size = item.get("file_size") if isinstance(item, dict) else None
    return size if isinstance(size, int) else None
