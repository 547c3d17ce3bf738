"""A fake X API v2 for direct messages on 127.0.0.1, following the documented
shapes: /2/users/me, /2/dm_events newest first with pagination tokens and
includes, the two send calls, x-rate-limit-* headers and RFC 7807 errors."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from fakes.base import FakeServer

TOKEN = "x-fake-user-token-that-must-never-leak"
REFRESH_TOKEN = "x-fake-refresh-token-that-must-never-leak"
CLIENT_ID = "x-fake-client-id"
ME = {"id": "1000", "name": "Juniper & Thread", "username": "juniperthread"}


class FakeX(FakeServer):
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.users: dict[str, dict[str, str]] = {ME["id"]: ME}
        self.events: list[dict[str, Any]] = []  # newest first
        self.sent: list[dict[str, Any]] = []
        self.page_size = 100
        self.remaining = 299
        self._next = 1_800_000_000_000_000_000
        self.refresh_token = REFRESH_TOKEN
        """The one refresh token X takes now: each renewal gives a new one."""
        self.renewals = 0
        super().__init__()

    def person(self, number: int) -> dict[str, str]:
        user = {"id": str(2000 + number), "name": f"Buyer {number}", "username": f"buyer{number}"}
        self.users[user["id"]] = user
        return user

    def _event(self, sender: str, conversation: str, text: str, **extra: Any) -> dict[str, Any]:
        self._next += 1_000_000
        event = {
            "id": str(self._next),
            "event_type": "MessageCreate",
            "text": text,
            "sender_id": sender,
            "dm_conversation_id": conversation,
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            **extra,
        }
        with self.lock:
            self.events.insert(0, event)
        return event

    def customer_writes(self, number: int, text: str) -> dict[str, Any]:
        person = self.person(number)
        pair = sorted([ME["id"], person["id"]], key=int)
        return self._event(person["id"], f"{pair[0]}-{pair[1]}", text)

    def group_message(self, conversation: str, numbers: list[int], text: str) -> dict[str, Any]:
        people = [self.person(n) for n in numbers]
        ids = [ME["id"], *(p["id"] for p in people)]
        return self._event(people[0]["id"], conversation, text, participant_ids=ids)

    def route(self, request: BaseHTTPRequestHandler, method: str, path: str) -> str:
        return f"{method} {path}"

    def answer(
        self, request: BaseHTTPRequestHandler, path: str, params: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        reset = str(int(time.time()) + 900)
        headers = {
            "x-rate-limit-limit": "300",
            "x-rate-limit-remaining": str(self.remaining),
            "x-rate-limit-reset": reset,
        }
        if path == "/2/oauth2/token" and request.command == "POST":
            return self._renew(params)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return 401, problem(401, "Unauthorized", "Unauthorized"), headers
        if path == "/2/users/me":
            return 200, {"data": ME}, headers
        if path == "/2/dm_events":
            return 200, self._page(params), headers
        if path.startswith("/2/dm_conversations/") and path.endswith("/dm_events"):
            conversation = path.split("/")[3]
            with self.lock:
                events = [e for e in self.events if e.get("dm_conversation_id") == conversation]
            return 200, {"data": events[:100], "meta": {"result_count": len(events)}}, headers
        if request.command == "POST" and path.endswith("/messages"):
            text = str(params.get("text", ""))
            if not text:
                return 400, problem(400, "Invalid Request", "text is required"), headers
            if path.startswith("/2/dm_conversations/with/"):
                other = path.split("/")[4]
                pair = sorted([ME["id"], other], key=int)
                conversation = f"{pair[0]}-{pair[1]}"
            else:
                conversation = path.split("/")[3]
            event = self._event(ME["id"], conversation, text)
            self.sent.append({"path": path, "text": text, "dm_event_id": event["id"]})
            return (
                201,
                {"data": {"dm_conversation_id": conversation, "dm_event_id": event["id"]}},
                headers,
            )
        return 404, problem(404, "Not Found", "No such endpoint"), headers

    def _renew(self, params: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        """A public client's refresh: the token and the client id in the form; the
        old refresh token is spent, and so is the old access token."""
        with self.lock:
            if (
                params.get("grant_type") != "refresh_token"
                or params.get("client_id") != CLIENT_ID
                or params.get("refresh_token") != self.refresh_token
            ):
                error = {
                    "error": "invalid_request",
                    "error_description": "Value passed for the token was invalid.",
                }
                return 400, error, {}
            self.renewals += 1
            self.token = f"x-access-{self.renewals}-never-leak"
            self.refresh_token = f"x-refresh-{self.renewals}-never-leak"
            body = {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": self.token,
                "scope": "dm.read dm.write tweet.read users.read offline.access",
                "refresh_token": self.refresh_token,
            }
            return 200, body, {}

    def _page(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            start = int(params.get("pagination_token", 0))
            page = self.events[start : start + self.page_size]
            end = start + len(page)
            senders = {e.get("sender_id") for e in page}
            for e in page:
                senders.update(e.get("participant_ids", []))
            body: dict[str, Any] = {
                "data": page,
                "includes": {"users": [self.users[i] for i in senders if i in self.users]},
                "meta": {"result_count": len(page)},
            }
            if end < len(self.events):
                body["meta"]["next_token"] = str(end)
            return body


def problem(status: int, title: str, detail: str) -> dict[str, Any]:
    return {"title": title, "type": "about:blank", "status": status, "detail": detail}
