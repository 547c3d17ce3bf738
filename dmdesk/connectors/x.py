"""X (Twitter) direct messages through API v2, with an OAuth 2 user token (renewed
every 90 minutes where it came with a refresh token: x_tokens.py).

``GET /2/dm_events`` lists the last 30 days newest first; the cursor is the
newest event id seen (ids grow with time), and paging stops at it. A one-to-one
conversation id is "<smaller user id>-<larger user id>"; replies go to the other
person there, or to the conversation itself in a group.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from dmdesk.connectors.base import (
    AuthExpired,
    Connector,
    PermanentError,
    RateLimited,
    RenewedCredential,
    TemporaryError,
    moment,
)
from dmdesk.connectors.cdn import ContentNetwork
from dmdesk.connectors.http import MalformedResponse, PlatformHttp, retry_after
from dmdesk.connectors.x_tokens import ACCESS_LIFETIME, RENEW_EVERY, XCredential, renew
from dmdesk.domain import (
    AccountIdentity,
    Attachment,
    AttachmentKind,
    Direction,
    FetchedMessage,
    FetchResult,
    OutgoingMessage,
    Participant,
    Platform,
)

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.x.com"
MAX_PAGES = 5
POLL_SECONDS = 60.0
"""Reads are 300 per 15 minutes per user, shared by all DM calls: once a minute
leaves room for paging and for the user's other apps."""
EVENT_PARAMS = {
    "dm_event.fields": "id,text,event_type,dm_conversation_id,created_at,sender_id,"
    "attachments,participant_ids",
    "event_types": "MessageCreate",
    "expansions": "sender_id,attachments.media_keys,participant_ids",
    "user.fields": "name,username",
    "media.fields": "type,url,preview_image_url,width,height,duration_ms",
    "max_results": 100,
}


class XConnector(Connector):
    platform = Platform.X

    renew_every = RENEW_EVERY

    def __init__(
        self,
        token: str,
        *,
        refresh_token: str = "",
        client_id: str = "",
        base_url: str = DEFAULT_BASE_URL,
        timeout_s: float = 20.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """``refresh_token`` and ``client_id``: where the token was made with
        offline.access, what renews it every 90 minutes (x_tokens.py)."""
        self._credential = XCredential(token, refresh_token)
        self._client_id = client_id
        self._base_url = base_url
        self._timeout_s = timeout_s
        self._clock = clock or (lambda: datetime.now(UTC))
        self._me: str | None = None
        self._quiet_until: datetime | None = None
        self._http = PlatformHttp(
            base_url.rstrip("/"),
            platform_name="X",
            secrets=(token, refresh_token),
            timeout_s=timeout_s,
            headers={"Authorization": f"Bearer {token}"},
        )
        self._cdn = ContentNetwork("X", ("twimg.com",), also=base_url)

    @property
    def credential_lifetime(self) -> timedelta | None:  # type: ignore[override]
        renewable = self._credential.refresh_token and self._client_id
        return ACCESS_LIFETIME if renewable else None

    def renew_credential(self) -> RenewedCredential | None:
        if self.credential_lifetime is None:
            return None
        renewed, lasts = renew(
            self._base_url,
            self._client_id,
            self._credential.refresh_token,
            timeout_s=self._timeout_s,
        )
        # X forgets the old refresh token now: this one is used from here on, and
        # what the keyring keeps is the new pair.
        self._credential = renewed
        self._http.use_secret(
            renewed.access_token, {"Authorization": f"Bearer {renewed.access_token}"}
        )
        return RenewedCredential(renewed.dumps(), lasts)

    # --- the API ---------------------------------------------------------------------------

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._http.request(method, path, **kwargs)
        self._note_limits(response)
        body = self._http.json(response)
        if response.status_code < 400 and isinstance(body, dict) and "data" in body:
            return body
        raise self._error(response, body)

    def _error(self, response: httpx.Response, body: Any) -> Exception:
        status = response.status_code
        detail = ""
        if isinstance(body, dict):
            errors = body.get("errors")
            first = errors[0] if isinstance(errors, list) and errors else body
            if isinstance(first, dict):
                detail = str(
                    first.get("detail") or first.get("message") or first.get("title") or ""
                )
        detail = self._http.hide(detail)[:300]
        if status == 401:
            return AuthExpired(
                "X no longer accepts this sign-in (the token expired or was revoked). "
                "Re-connect the account."
            )
        if status == 429:
            return RateLimited(f"X asks to slow down: {detail}", self._reset_at(response))
        if status >= 500:
            return TemporaryError(f"X had a problem ({status}): {detail}")
        if status < 400:
            return MalformedResponse("X answered without data.")
        return PermanentError(f"X refused ({status}): {detail}")

    def _reset_at(self, response: httpx.Response) -> datetime:
        reset = response.headers.get("x-rate-limit-reset", "")
        at = moment(int(reset)) if reset.isdigit() else None
        if at is not None:
            return at
        return retry_after(response.headers, self._clock()) or self._clock() + timedelta(minutes=15)

    def _note_limits(self, response: httpx.Response) -> None:
        """With no calls left in the window, wait for its reset before polling again."""
        remaining = response.headers.get("x-rate-limit-remaining", "")
        self._quiet_until = (
            self._reset_at(response) if remaining.isdigit() and int(remaining) == 0 else None
        )

    def poll_interval_seconds(self) -> float:
        if self._quiet_until is not None:
            return max(POLL_SECONDS, (self._quiet_until - self._clock()).total_seconds())
        return POLL_SECONDS

    # --- Connector ---------------------------------------------------------------------------

    def check(self) -> AccountIdentity:
        me = self._call("GET", "/2/users/me")["data"]
        if not isinstance(me, dict) or "id" not in me:
            raise MalformedResponse("X did not say whose account this is.")
        self._me = str(me["id"])
        return AccountIdentity(
            str(me.get("name") or me.get("username") or "X"), f"@{me.get('username', '')}"
        )

    def fetch(self, cursor: str | None) -> FetchResult:
        if self._me is None:
            self.check()
        seen_up_to = int(cursor) if cursor and cursor.isdigit() else 0
        newest = seen_up_to
        events: list[dict[str, Any]] = []
        users: dict[str, dict[str, Any]] = {}
        media: dict[str, dict[str, Any]] = {}
        params: dict[str, Any] = dict(EVENT_PARAMS)
        for _ in range(MAX_PAGES):
            page = self._call("GET", "/2/dm_events", params=params)
            includes = page.get("includes") or {}
            users.update({str(u.get("id")): u for u in includes.get("users") or []})
            media.update({str(m.get("media_key")): m for m in includes.get("media") or []})
            reached_cursor = False
            for event in page.get("data") or []:
                event_id = _event_id(event)
                if event_id is None:
                    log.warning("skipped an X event without an id")
                    continue
                if event_id <= seen_up_to:
                    reached_cursor = True
                    break
                newest = max(newest, event_id)
                events.append(event)
            next_token = (page.get("meta") or {}).get("next_token")
            if reached_cursor or not next_token:
                break
            params = {**EVENT_PARAMS, "pagination_token": next_token}
        messages = []
        for event in reversed(events):  # oldest first
            try:
                messages.append(self._message(event, users, media))
            except (KeyError, TypeError, ValueError) as error:
                log.warning("skipped X event %s: %s", event.get("id"), type(error).__name__)
        return FetchResult(tuple(messages), cursor=str(newest) if newest else cursor)

    def _message(
        self,
        event: Mapping[str, Any],
        users: Mapping[str, Mapping[str, Any]],
        media: Mapping[str, Mapping[str, Any]],
    ) -> FetchedMessage:
        conversation_id = str(event["dm_conversation_id"])
        sender = self._person(str(event["sender_id"]), users)
        others = self._others(event, conversation_id)
        people = tuple(self._person(user_id, users) for user_id in others)
        is_group = not _is_one_to_one(conversation_id)
        if is_group:
            names = ", ".join(p.display_name for p in people[:3]) or "people"
            title = f"Group with {names}"
        else:
            title = people[0].display_name if people else sender.display_name
        keys = (event.get("attachments") or {}).get("media_keys") or []
        return FetchedMessage(
            platform_conversation_id=conversation_id,
            platform_message_id=str(event["id"]),
            sender=sender,
            direction=Direction.OUTGOING
            if sender.platform_user_id == self._me
            else Direction.INCOMING,
            text=str(event.get("text") or ""),
            sent_at=datetime.fromisoformat(str(event["created_at"]).replace("Z", "+00:00")),
            conversation_title=title,
            is_group=is_group,
            participants=people,
            attachments=tuple(_attachment(media[k]) for k in keys if k in media),
        )

    def _others(self, event: Mapping[str, Any], conversation_id: str) -> list[str]:
        if _is_one_to_one(conversation_id):
            return [i for i in conversation_id.split("-") if i != self._me][:1]
        ids = event.get("participant_ids") or []
        return [str(i) for i in ids if str(i) != self._me]

    @staticmethod
    def _person(user_id: str, users: Mapping[str, Mapping[str, Any]]) -> Participant:
        user = users.get(user_id) or {}
        username = user.get("username")
        return Participant(
            platform_user_id=user_id,
            display_name=str(user.get("name") or username or f"X user {user_id}"),
            handle=f"@{username}" if username else "",
        )

    def send(self, message: OutgoingMessage) -> str:
        if message.attachments:
            raise PermanentError(
                "X needs each file uploaded to its media service first, which DMDesk does "
                "not do yet. Send the text here and the picture from the X app."
            )
        if self._me is None:
            self.check()
        conversation_id = message.platform_conversation_id
        if _is_one_to_one(conversation_id):
            other = next(i for i in conversation_id.split("-") if i != self._me)
            path = f"/2/dm_conversations/with/{other}/messages"
        else:
            path = f"/2/dm_conversations/{conversation_id}/messages"
        sent = self._call("POST", path, json_body={"text": message.text})["data"]
        event_id = sent.get("dm_event_id") if isinstance(sent, dict) else None
        if not isinstance(event_id, str) or not event_id:
            raise MalformedResponse("X's answer to a send has no event id.")
        return event_id

    def find_sent(self, message: OutgoingMessage, since: datetime) -> str | None:
        """A reply whose answer was lost, looked for among its conversation's newest
        events: ours, with its text, since ``since``."""
        if self._me is None:
            self.check()
        path = f"/2/dm_conversations/{message.platform_conversation_id}/dm_events"
        page = self._call("GET", path, params=EVENT_PARAMS)
        for event in page.get("data") or []:
            created = datetime.fromisoformat(str(event.get("created_at")).replace("Z", "+00:00"))
            if created < since:
                break  # newest first
            if str(event.get("sender_id")) == self._me and event.get("text") == message.text:
                return str(event["id"])
        return None

    def download(self, attachment: Attachment) -> Generator[bytes, None, None]:
        """A photo, or a video's poster, from X's media hosts (public links)."""
        yield from self._cdn.download(attachment.url)

    def close(self) -> None:
        self._http.close()
        self._cdn.close()


def _is_one_to_one(conversation_id: str) -> bool:
    parts = conversation_id.split("-")
    return len(parts) == 2 and all(p.isdigit() for p in parts)


def _event_id(event: Any) -> int | None:
    value = event.get("id") if isinstance(event, dict) else None
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _attachment(item: Mapping[str, Any]) -> Attachment:
    kind = {
        "photo": AttachmentKind.IMAGE,
        "video": AttachmentKind.VIDEO,
        "animated_gif": AttachmentKind.VIDEO,
    }.get(str(item.get("type")), AttachmentKind.FILE)
    preview = item.get("preview_image_url")
    poster = preview if isinstance(preview, str) and kind is AttachmentKind.VIDEO else ""
    url = item.get("url") or preview or ""
    return Attachment(
        kind,
        str(item.get("type") or "media"),
        url=str(url),
        width=_count(item, "width"),
        height=_count(item, "height"),
        duration_ms=_count(item, "duration_ms"),
        poster_url=poster,
    )


def _count(item: Mapping[str, Any], field: str) -> int | None:
    value = item.get(field)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
