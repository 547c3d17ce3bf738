"""A fake Meta Graph API (Instagram or Messenger) on 127.0.0.1, following the
documented shapes: conversations newest first with paging cursors, message
ids per conversation, message details, the send call with its 24-hour and
Human Agent rules, OAuthException errors and usage headers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any

from fakes.base import FakeServer

TOKEN = "EAAG-fake-graph-token-that-must-never-leak"
VERSION = "v24.0"


def graph_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


class FakeGraph(FakeServer):
    def __init__(self, platform: str = "instagram", token: str = TOKEN) -> None:
        self.platform = platform
        self.token = token
        self.own = (
            {"id": "17841400000000001", "username": "juniperandthread", "name": "Juniper & Thread"}
            if platform == "instagram"
            else {"id": "100200300", "name": "Juniper & Thread"}
        )
        self.conversations: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.sent: list[dict[str, Any]] = []
        self.usage: dict[str, int] = {"call_count": 5, "total_cputime": 1, "total_time": 2}
        self.page_size = 25
        self.renewals = 0
        self.revoked = False
        """The owner changed their password or took the app's access away."""
        self._next = 1
        super().__init__()

    # --- what the platform has -------------------------------------------------------------

    def person(self, number: int) -> dict[str, str]:
        if self.platform == "instagram":
            return {"id": f"IGSID{number}", "username": f"customer{number}"}
        return {"id": f"PSID{number}", "name": f"Customer {number}"}

    def customer_writes(self, number: int, text: str, at: datetime | None = None) -> str:
        """Customer ``number`` sends a message (at ``at``, default now); returns its id."""
        at = at or datetime.now(UTC)
        person = self.person(number)
        conversation_id = f"t_{self.platform}_{number}"
        with self.lock:
            conversation = self.conversations.setdefault(
                conversation_id,
                {"id": conversation_id, "participants": [person, self.own], "messages": []},
            )
            message_id = f"m_{self._next}"
            self._next += 1
            self.messages[message_id] = {
                "id": message_id,
                "created_time": graph_time(at),
                "from": person,
                "to": {"data": [self.own]},
                "message": text,
            }
            conversation["messages"].insert(0, message_id)
            conversation["updated_time"] = at
            conversation["last_incoming"] = at
        return message_id

    # --- the API ---------------------------------------------------------------------------

    def route(self, request: BaseHTTPRequestHandler, method: str, path: str) -> str:
        if path == "/refresh_access_token":
            return "refresh_access_token"
        parts = path.strip("/").split("/")
        return "/".join(
            ["{id}" if p not in ("conversations", "messages") else p for p in parts[1:]]
        )

    def answer(
        self, request: BaseHTTPRequestHandler, path: str, params: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        headers = {"X-App-Usage": json.dumps(self.usage)}
        if path == "/refresh_access_token":
            return (*self._refresh(params), headers)
        if self.revoked or request.headers.get("Authorization") != f"Bearer {self.token}":
            return 400, self.error(190, "Error validating access token"), headers
        parts = path.strip("/").split("/")
        if parts[0] != VERSION:
            return 400, self.error(2635, "Unknown API version"), headers
        node = parts[1]
        edge = parts[2] if len(parts) > 2 else ""
        if request.command == "POST" and edge == "messages":
            status, body = self._send(params)
            return status, body, headers
        with self.lock:
            if edge == "conversations":
                return 200, self._conversations(params), headers
            if node in (self.own["id"], "me") and not edge:
                return 200, self.own, headers
            if node in self.conversations:
                ids = self.conversations[node]["messages"]
                listing = [  # an id without a stored message plays a malformed entry
                    {"id": i, "created_time": self.messages[i]["created_time"]}
                    if i in self.messages
                    else {"id": i}
                    for i in ids
                ]
                return 200, {"id": node, "messages": {"data": listing}}, headers
            if node in self.messages:
                return 200, self.messages[node], headers
        return 400, self.error(100, "Unsupported get request."), headers

    def _refresh(self, params: dict[str, Any]) -> tuple[int, Any]:
        """Instagram Login's renewal: the token as a parameter, a new one for 60 days
        (the old one stops working here, the strictest reading)."""
        if params.get("grant_type") != "ig_refresh_token":
            return 400, self.error(100, "Unsupported grant_type")
        with self.lock:
            if self.revoked or params.get("access_token") != self.token:
                return 400, self.error(190, "Error validating access token: session invalid")
            self.renewals += 1
            self.token = f"IGAA-renewed-{self.renewals}-that-must-never-leak"
            return 200, {"access_token": self.token, "token_type": "bearer", "expires_in": 5183944}

    def _conversations(self, params: dict[str, Any]) -> dict[str, Any]:
        ordered = sorted(self.conversations.values(), key=lambda c: c["updated_time"], reverse=True)
        start = int(params.get("after", 0))
        page = ordered[start : start + self.page_size]
        body: dict[str, Any] = {
            "data": [
                {
                    "id": c["id"],
                    "updated_time": graph_time(c["updated_time"]),
                    "participants": {"data": c["participants"]},
                }
                for c in page
            ]
        }
        end = start + len(page)
        cursors = {"before": str(start), "after": str(end)}
        body["paging"] = {"cursors": cursors}
        if end < len(ordered):
            body["paging"]["next"] = f"https://graph.example/next?after={end}"
        return body

    def _send(self, params: dict[str, Any]) -> tuple[int, Any]:
        recipient = params["recipient"]
        recipient = json.loads(recipient) if isinstance(recipient, str) else recipient
        message = params["message"]
        message = json.loads(message) if isinstance(message, str) else message
        with self.lock:
            conversation = next(
                (
                    c
                    for c in self.conversations.values()
                    if any(p["id"] == recipient["id"] for p in c["participants"])
                ),
                None,
            )
            if conversation is None:
                return 400, self.error(551, "This person isn't available right now.")
            age = datetime.now(UTC) - conversation["last_incoming"]
            tagged = params.get("messaging_type") == "MESSAGE_TAG" and params.get("tag") == (
                "HUMAN_AGENT"
            )
            if age > timedelta(days=7) or (age > timedelta(hours=24) and not tagged):
                subcode = 2534022 if self.platform == "instagram" else 2018278
                return 403 if self.platform == "instagram" else 400, self.error(
                    10, "This message is sent outside of allowed window.", subcode
                )
            message_id = f"m_sent_{self._next}"
            self._next += 1
            self.sent.append({"message_id": message_id, **params})
            now = datetime.now(UTC)
            self.messages[message_id] = {
                "id": message_id,
                "created_time": graph_time(now),
                "from": self.own,
                "to": {"data": [recipient]},
                "message": message.get("text", ""),
            }
            conversation["messages"].insert(0, message_id)
            conversation["updated_time"] = now
        return 200, {"recipient_id": recipient["id"], "message_id": message_id}

    @staticmethod
    def error(code: int, message: str, subcode: int | None = None) -> dict[str, Any]:
        error: dict[str, Any] = {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "fbtrace_id": "AbCdEf",
        }
        if subcode is not None:
            error["error_subcode"] = subcode
        return {"error": error}
