"""A fake Telegram Bot API on 127.0.0.1, following the documented shapes
(../shared/docs/contracts/PLATFORM-APIS.md), that can also play every failure:
429 with retry_after, 5xx, malformed JSON, a revoked token, a slow answer,
and a cut network (the port stops listening, then comes back)."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from typing import Any

from fakes.base import FakeServer

TOKEN = "123456789:AAF-fake-token-that-must-never-leak"
BOT = {"id": 123456789, "is_bot": True, "first_name": "Juniper Bot", "username": "juniper_bot"}


class FakeTelegram(FakeServer):
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.next_update_id = 1000
        self.next_message_id = 500
        self.sent: list[dict[str, Any]] = []
        self.poll_timeouts: list[float] = []
        """The long-poll wait each getUpdates asked for, in order."""
        self.clock = int(time.time()) - 3600
        self.files: dict[str, bytes] = {}
        """What getFile and the file download serve, by file_id."""
        super().__init__()

    # --- what the platform has -------------------------------------------------------------

    def push(self, kind: str, message: dict[str, Any]) -> int:
        """Queue an update of ``kind`` (message, business_message...) for getUpdates."""
        with self.lock:
            self.next_update_id += 1
            self.updates.append({"update_id": self.next_update_id, kind: message})
            self.lock.notify_all()
            return self.next_update_id

    def owner_connects_business(
        self, connection_id: str = "bc-juniper", *, can_reply: bool = True, enabled: bool = True
    ) -> int:
        """The shop's owner adds the bot in Telegram (Settings → Business → Chatbots),
        as Bot API 9 tells it: the rights object, not the deprecated can_reply."""
        rights = {"can_reply": True, "can_read_messages": True} if can_reply else {}
        return self.push(
            "business_connection",
            {
                "id": connection_id,
                "user": {
                    "id": 4242,
                    "is_bot": False,
                    "first_name": "Maya",
                    "username": "maya_juniper",
                },
                "user_chat_id": 4242,
                "date": self.clock,
                "rights": rights,
                "is_enabled": enabled,
            },
        )

    def customer_deletes(
        self, *message_ids: int, user_id: int = 777, connection_id: str = "bc-juniper"
    ) -> int:
        """Messages of a business chat deleted in Telegram: the update names the chat
        and the ids, nothing of what they said."""
        chat = {"id": user_id, "type": "private", "first_name": "Nadia"}
        return self.push(
            "deleted_business_messages",
            {"business_connection_id": connection_id, "chat": chat, "message_ids": [*message_ids]},
        )

    def push_raw(self, update: Any) -> None:
        with self.lock:
            self.updates.append(update)
            self.lock.notify_all()

    def customer_writes(
        self, text: str, *, user_id: int = 777, first_name: str = "Nadia", kind: str = "message"
    ) -> int:
        username = f"{first_name.lower()}_k"
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "username": username}
        with self.lock:
            self.next_message_id += 1
            message_id = self.next_message_id
            self.clock += 60
        self.push(
            kind,
            {
                "message_id": message_id,
                "from": user,
                "chat": {**user, "type": "private"},
                "date": self.clock,
                "text": text,
            },
        )
        return message_id

    # --- the API ---------------------------------------------------------------------------

    def route(self, request: BaseHTTPRequestHandler, method: str, path: str) -> str:
        return path.partition("/bot")[2].partition("/")[2]

    def answer(
        self, request: BaseHTTPRequestHandler, path: str, params: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        token, _, method = path.partition("/bot")[2].partition("/")
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, {}
        if path.startswith("/file/bot"):  # a download, at the file_path getFile gave
            file_id = method.removeprefix("files/")
            if file_id not in self.files:
                return 404, {"ok": False, "error_code": 404, "description": "Not Found"}, {}
            return 200, self.files[file_id], {"Content-Type": "application/octet-stream"}
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}, {}
        status, result = handler(params)
        return status, result, {}

    def _api_getMe(self, params: dict[str, Any]) -> tuple[int, Any]:
        return 200, {"ok": True, "result": BOT}

    def _api_getFile(self, params: dict[str, Any]) -> tuple[int, Any]:
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: invalid file_id",
            }
        size = len(self.files[file_id])
        if size > 20 * 1024 * 1024:  # past the bots' download limit
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: file is too big",
            }
        found = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_path": f"files/{file_id}",
        }
        return 200, {"ok": True, "result": {**found, "file_size": size}}

    def _api_getUpdates(self, params: dict[str, Any]) -> tuple[int, Any]:
        offset = int(params.get("offset", 0))
        self.poll_timeouts.append(float(params.get("timeout", 0)))
        timeout = min(float(params.get("timeout", 0)), 2.0)
        deadline = time.monotonic() + timeout
        with self.lock:
            # An offset confirms every update before it: Telegram forgets them.
            self.updates = [
                u
                for u in self.updates
                if not isinstance(u, dict)
                or not isinstance(u.get("update_id"), int)
                or u["update_id"] >= offset
            ]
            while not self.updates and time.monotonic() < deadline:
                self.lock.wait(deadline - time.monotonic())
            return 200, {"ok": True, "result": list(self.updates[:100])}

    def _send(self, params: dict[str, Any], content: dict[str, Any]) -> tuple[int, Any]:
        chat_id = int(params["chat_id"])
        with self.lock:
            self.next_message_id += 1
            record = {"message_id": self.next_message_id, **params}
            self.sent.append(record)
            message = {
                "message_id": self.next_message_id,
                "from": BOT,
                "chat": {"id": chat_id, "type": "private"},
                "date": self.clock,
                **content,
            }
        return 200, {"ok": True, "result": message}

    def _api_sendMessage(self, params: dict[str, Any]) -> tuple[int, Any]:
        text = str(params.get("text", ""))
        if not 1 <= len(text) <= 4096:
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: message is too long"
                if text
                else "Bad Request: message text is empty",
            }
        return self._send(params, {"text": text})

    def _api_sendPhoto(self, params: dict[str, Any]) -> tuple[int, Any]:
        return self._send(params, {"photo": [{"file_id": "p1", "width": 1, "height": 1}]})

    def _api_sendDocument(self, params: dict[str, Any]) -> tuple[int, Any]:
        return self._send(params, {"document": {"file_id": "d1"}})
