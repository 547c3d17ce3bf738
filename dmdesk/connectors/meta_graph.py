"""What Instagram and Messenger share: the Graph API's conversations and
messages, its error shape, its usage headers, and the send call.

Sync lists conversations newest first and stops at the first one not updated
since the stored cursor (the newest ``updated_time`` seen, an ISO time: Meta's
paging cursors are not to be kept). For each updated conversation it reads the
message ids and fetches the details of those not seen before; only the 20
newest messages of a conversation return details.
"""

from __future__ import annotations

import json
import logging
import mimetypes
from collections.abc import Callable, Generator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from dmdesk.connectors.base import (
    AuthExpired,
    Connector,
    PermanentError,
    RateLimited,
    TemporaryError,
)
from dmdesk.connectors.cdn import ContentNetwork
from dmdesk.connectors.http import MalformedResponse, PlatformHttp, retry_after
from dmdesk.domain import (
    AccountIdentity,
    Attachment,
    AttachmentKind,
    Direction,
    FetchedMessage,
    FetchResult,
    OutgoingMessage,
    Participant,
)

log = logging.getLogger(__name__)

API_VERSION = "v24.0"
MESSAGE_DETAILS = 20
"""Meta returns details for the newest 20 messages of a conversation only."""
MAX_CONVERSATION_PAGES = 8
SEEN_MEMORY = 2000
RATE_LIMIT_CODES = frozenset({4, 17, 32, 341, 613})
WINDOW_CLOSED_SUBCODES = frozenset({2534022, 2018278})
MESSAGE_FIELDS = "id,created_time,from,to,message,attachments"
META_MEDIA_HOSTS = ("fbcdn.net", "fbsbx.com", "cdninstagram.com", "facebook.com")
"""Where Meta serves the photos and videos of messages from."""


class MessagingWindowClosed(PermanentError):
    """The person's last message is too old for this reply."""


class MetaGraphConnector(Connector):
    """One Instagram professional account or Facebook Page, through the Graph API."""

    conversations_platform: str
    """``platform`` parameter of the conversations call: instagram or messenger."""
    default_base_url: str

    def __init__(
        self,
        token: str,
        *,
        account_id: str = "me",
        base_url: str | None = None,
        api_version: str = API_VERSION,
        timeout_s: float = 20.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._token = token
        self._base_url = (base_url or self.default_base_url).rstrip("/")
        self._account_id = account_id or "me"
        self._version = api_version.strip("/") or API_VERSION
        self._clock = clock or (lambda: datetime.now(UTC))
        self._own_id: str | None = None
        self._usage = 0
        self._seen: dict[str, None] = {}
        """Message ids already fetched (insertion-ordered), so a second shared with the
        cursor costs no second detail call."""
        self._http = PlatformHttp(
            self._base_url,
            platform_name=self.platform.label,
            secrets=(token,),
            timeout_s=timeout_s,
            # In a header, not the query string: URLs end up in too many places.
            headers={"Authorization": f"Bearer {token}"},
        )
        self._cdn = ContentNetwork(
            self.platform.label, META_MEDIA_HOSTS, also=base_url or self.default_base_url
        )

    def _use_token(self, token: str) -> None:
        """A renewed token, from the next request on."""
        self._token = token
        self._http.use_secret(token, {"Authorization": f"Bearer {token}"})

    # --- the API ---------------------------------------------------------------------------

    def _get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self._answer(self._http.request("GET", f"/{self._version}/{path}", params=params))

    def _post(self, path: str, **body: Any) -> Any:
        return self._answer(self._http.request("POST", f"/{self._version}/{path}", **body))

    def _answer(self, response: httpx.Response) -> Any:
        self._note_usage(response.headers)
        body = self._http.json(response)
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            raise self._error(response, body["error"])
        if response.status_code >= 500:
            raise TemporaryError(f"{self.platform.label} had a problem ({response.status_code}).")
        if response.status_code == 401:
            raise self._expired()
        if response.status_code >= 400 or not isinstance(body, dict):
            raise MalformedResponse(
                f"{self.platform.label} answered HTTP {response.status_code} without an error."
            )
        return body

    def _expired(self) -> AuthExpired:
        return AuthExpired(
            f"{self.platform.label} no longer accepts this access token (it expired or was "
            "revoked). Create a new one and re-connect the account."
        )

    def _error(self, response: httpx.Response, error: Mapping[str, Any]) -> Exception:
        code = error.get("code")
        subcode = error.get("error_subcode")
        text = self._http.hide(str(error.get("error_user_msg") or error.get("message") or ""))
        text = text[:300]
        if code == 190 or response.status_code == 401:
            return self._expired()
        if code in RATE_LIMIT_CODES:
            wait = retry_after(response.headers, self._clock()) or self._regain_access_at()
            return RateLimited(f"{self.platform.label} asks to slow down: {text}", wait)
        if code == 10 and subcode in WINDOW_CLOSED_SUBCODES:
            return MessagingWindowClosed(
                f"{self.platform.label} no longer accepts a reply here: the person's last "
                "message is too old (24 hours, or 7 days with the Human Agent tag)."
            )
        if code == 10 or (isinstance(code, int) and 200 <= code <= 299):
            return PermanentError(f"{self.platform.label} permission missing: {text}")
        if code == 551:
            return PermanentError(f"This person is not available on {self.platform.label}.")
        if code in (1, 2) or response.status_code >= 500:
            return TemporaryError(f"{self.platform.label} had a problem: {text}")
        return PermanentError(f"{self.platform.label} refused: {text or code}")

    def _note_usage(self, headers: Mapping[str, str]) -> None:
        """Meta's usage headers say how close the app is to its limit, in percent."""
        highest = 0
        for name in ("x-app-usage", "x-business-use-case-usage"):
            raw = headers.get(name)
            if not raw:
                continue
            try:
                usage = json.loads(raw)
            except ValueError:
                continue
            for figures in _usage_figures(usage):
                for key in ("call_count", "total_cputime", "total_time"):
                    value = figures.get(key)
                    if isinstance(value, int | float):
                        highest = max(highest, int(value))
                regain = figures.get("estimated_time_to_regain_access")
                if isinstance(regain, int | float) and regain > 0:
                    highest = max(highest, 100)
        self._usage = highest

    def _regain_access_at(self) -> datetime:
        return self._clock() + timedelta(minutes=5 if self._usage >= 100 else 1)

    def poll_interval_seconds(self) -> float:
        if self._usage >= 90:
            return 300.0
        if self._usage >= 75:
            return 120.0
        return 30.0

    # --- Connector ---------------------------------------------------------------------------

    def check(self) -> AccountIdentity:
        me = self._get(self._account_id, {"fields": "id,name,username"})
        if "id" not in me:
            raise MalformedResponse(f"{self.platform.label} did not say which account this is.")
        self._own_id = str(me["id"])
        name = str(me.get("name") or me.get("username") or self.platform.label)
        username = me.get("username")
        return AccountIdentity(name, f"@{username}" if isinstance(username, str) else "")

    def fetch(self, cursor: str | None) -> FetchResult:
        if self._own_id is None:
            self.check()
        since = _parse_time(cursor) if cursor else None
        newest = since
        messages: list[FetchedMessage] = []
        for conversation in self._updated_conversations(since):
            updated = _parse_time(conversation["updated_time"])
            try:
                messages.extend(self._new_messages(conversation, since))
            except (KeyError, TypeError, ValueError, MalformedResponse, PermanentError) as error:
                # One odd conversation must not stop the rest: its shape is logged,
                # never its text. Expired tokens and rate limits still stop the fetch.
                log.warning(
                    "skipped %s conversation %s: %s",
                    self.platform.label,
                    conversation.get("id"),
                    type(error).__name__,
                )
            newest = updated if newest is None or updated > newest else newest
        return FetchResult(
            messages=tuple(messages), cursor=newest.isoformat() if newest else cursor
        )

    def _updated_conversations(self, since: datetime | None) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        params: dict[str, Any] = {
            "platform": self.conversations_platform,
            "fields": "id,updated_time,participants",
            "limit": 25,
        }
        for _ in range(MAX_CONVERSATION_PAGES):
            page = self._get(f"{self._account_id}/conversations", params)
            data = page.get("data")
            if not isinstance(data, list):
                raise MalformedResponse(f"{self.platform.label} sent conversations without data.")
            for conversation in data:
                try:
                    updated = _parse_time(conversation["updated_time"])
                except (KeyError, TypeError, ValueError):
                    log.warning("skipped a %s conversation without a time", self.platform.label)
                    continue
                # Graph times have whole seconds: one updated in the cursor's own second
                # may hold news, so it is read again (ingest is idempotent).
                if since is not None and updated < since:
                    return found  # newest first: the rest are older still
                found.append(conversation)
            paging = page.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                break
            params = {**params, "after": after}
        return found

    def _new_messages(
        self, conversation: Mapping[str, Any], since: datetime | None
    ) -> list[FetchedMessage]:
        listing = self._get(str(conversation["id"]), {"fields": "messages"})
        entries = (listing.get("messages") or {}).get("data") or []
        wanted = [
            entry
            for entry in entries[:MESSAGE_DETAILS]
            if (since is None or _parse_time(entry["created_time"]) >= since)
            and str(entry["id"]) not in self._seen
        ]
        people = _participants(conversation, self._own_id)
        fetched = []
        for entry in reversed(wanted):  # oldest first
            details = self._get(str(entry["id"]), {"fields": MESSAGE_FIELDS})
            fetched.append(self._message(conversation, details, people))
            self._seen[str(entry["id"])] = None
        while len(self._seen) > SEEN_MEMORY:
            del self._seen[next(iter(self._seen))]
        return fetched

    def _message(
        self,
        conversation: Mapping[str, Any],
        details: Mapping[str, Any],
        people: tuple[Participant, ...],
    ) -> FetchedMessage:
        sender = _participant(details["from"])
        outgoing = sender.platform_user_id == self._own_id
        title = people[0].display_name if people else sender.display_name
        return FetchedMessage(
            platform_conversation_id=str(conversation["id"]),
            platform_message_id=str(details["id"]),
            sender=sender,
            direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
            text=str(details.get("message") or ""),
            sent_at=_parse_time(details["created_time"]),
            conversation_title=title,
            is_group=len(people) > 1,
            participants=people,
            attachments=_attachments(details.get("attachments")),
            reply_to=_answered(details.get("reply_to")),
        )

    def send(self, message: OutgoingMessage) -> str:
        if not message.recipients:
            raise PermanentError("DMDesk does not know whom to send this to.")
        recipient = {"id": message.recipients[0].platform_user_id}
        kind: dict[str, Any] = (
            {"messaging_type": "MESSAGE_TAG", "tag": message.messaging_tag}
            if message.messaging_tag
            else {"messaging_type": "RESPONSE"}
        )
        first_id: str | None = None
        # The answered message goes with the first part sent (the text, else a file).
        answers = {"reply_to": {"mid": message.reply_to}} if message.reply_to else {}
        if message.text.strip():
            sent = self._post(
                f"{self._account_id}/messages",
                json_body={
                    "recipient": recipient,
                    "message": {"text": message.text, **answers},
                    **kind,
                },
            )
            first_id = _sent_id(sent, self.platform.label)
        for attachment in message.attachments:
            try:
                data = Path(attachment.local_path).read_bytes()
            except OSError as error:
                raise PermanentError(
                    f"{attachment.name} cannot be read any more: {error.strerror}"
                ) from None
            kind_name = {
                AttachmentKind.IMAGE: "image",
                AttachmentKind.VIDEO: "video",
                AttachmentKind.AUDIO: "audio",
            }.get(attachment.kind, "file")
            mime = attachment.mime or mimetypes.guess_type(attachment.name)[0] or ""
            sent = self._post(
                f"{self._account_id}/messages",
                data={
                    "recipient": json.dumps(recipient),
                    "message": json.dumps(
                        {
                            "attachment": {"type": kind_name, "payload": {"is_reusable": False}},
                            **({} if first_id else answers),
                        }
                    ),
                    **{k: str(v) for k, v in kind.items()},
                },
                files={"filedata": (attachment.name, data, mime or "application/octet-stream")},
            )
            first_id = first_id or _sent_id(sent, self.platform.label)
        if first_id is None:
            raise PermanentError("There is nothing to send.")
        return first_id

    def find_sent(self, message: OutgoingMessage, since: datetime) -> str | None:
        """A reply whose answer was lost, looked for among its chat's newest messages:
        ours, with its text, since ``since``."""
        if not message.text.strip():
            return None
        if self._own_id is None:
            self.check()
        listing = self._get(message.platform_conversation_id, {"fields": "messages"})
        for entry in ((listing.get("messages") or {}).get("data") or [])[:MESSAGE_DETAILS]:
            if _parse_time(entry["created_time"]) < since:
                break  # newest first: the rest is older still
            details = self._get(str(entry["id"]), {"fields": MESSAGE_FIELDS})
            sender = details.get("from") or {}
            if str(sender.get("id")) == self._own_id and details.get("message") == message.text:
                return str(details["id"])
        return None

    def download(self, attachment: Attachment) -> Generator[bytes, None, None]:
        """A message's photo or video from Meta's content network (its address
        expires after a while: then it says to open the app)."""
        yield from self._cdn.download(attachment.url)

    def close(self) -> None:
        self._http.close()
        self._cdn.close()


def _usage_figures(usage: Any) -> list[Mapping[str, Any]]:
    """X-App-Usage is one object; X-Business-Use-Case-Usage maps ids to lists of them."""
    if isinstance(usage, dict) and any(k in usage for k in ("call_count", "total_time")):
        return [usage]
    figures: list[Mapping[str, Any]] = []
    if isinstance(usage, dict):
        for entries in usage.values():
            if isinstance(entries, list):
                figures.extend(e for e in entries if isinstance(e, dict))
    return figures


def _parse_time(value: Any) -> datetime:
    """Graph times look like 2026-11-22T10:15:30+0000."""
    text = str(value)
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _participant(person: Mapping[str, Any]) -> Participant:
    username = person.get("username")
    name = person.get("name") or username or "Someone"
    return Participant(
        platform_user_id=str(person["id"]),
        display_name=str(name),
        handle=f"@{username}" if isinstance(username, str) and username else "",
    )


def _participants(conversation: Mapping[str, Any], own_id: str | None) -> tuple[Participant, ...]:
    people = (conversation.get("participants") or {}).get("data") or []
    return tuple(
        _participant(p) for p in people if isinstance(p, dict) and str(p.get("id")) != own_id
    )


def _attachments(raw: Any) -> tuple[Attachment, ...]:
    items = raw.get("data") if isinstance(raw, dict) else None
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        mime = str(item.get("mime_type") or "")
        image, video = _mapping(item.get("image_data")), _mapping(item.get("video_data"))
        media, poster = image or video, ""
        if image or mime.startswith("image/"):
            kind = AttachmentKind.IMAGE
            url = image.get("url", "")
            if image.get("render_as_sticker") is True:
                kind = AttachmentKind.STICKER
        elif video or mime.startswith("video/"):
            kind = AttachmentKind.VIDEO
            url = video.get("url", "")
            preview = video.get("preview_url")
            poster = preview if isinstance(preview, str) else ""
        elif mime.startswith("audio/"):
            kind, url = AttachmentKind.AUDIO, item.get("file_url", "")
        else:
            kind, url = AttachmentKind.FILE, item.get("file_url", "")
        size = item.get("size")
        found.append(
            Attachment(
                kind,
                str(item.get("name") or kind.value),
                mime,
                url=str(url or ""),
                size=size if isinstance(size, int) else None,
                width=_side(media, "width"),
                height=_side(media, "height"),
                poster_url=poster,
            )
        )
    return tuple(found)


def _answered(reply_to: Any) -> str:
    """The message id a message answers, where Meta gives it (``reply_to.mid``)."""
    mid = reply_to.get("mid") if isinstance(reply_to, Mapping) else None
    return mid if isinstance(mid, str) else ""


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _side(media: Mapping[str, Any], field: str) -> int | None:
    value = media.get(field)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _sent_id(sent: Mapping[str, Any], platform: str) -> str:
    message_id = sent.get("message_id")
    if not isinstance(message_id, str) or not message_id:
        raise MalformedResponse(f"{platform}'s answer to a send has no message id.")
    return message_id
