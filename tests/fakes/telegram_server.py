"""A fake Telegram Bot API on 127.0.0.1, following the documented shapes
(../shared/docs/contracts/PLATFORM-APIS.md), that can also play every failure:
429 with retry_after, 5xx, malformed JSON, a revoked token, a slow answer,
and a cut network (the port stops listening, then comes back)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import deque
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

TOKEN = "123456789:AAF-fake-token-that-must-never-leak"
BOT = {"id": 123456789, "is_bot": True, "first_name": "Juniper Bot", "username": "juniper_bot"}


class FakeTelegram:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.lock = threading.Condition()
        self.updates: list[dict[str, Any]] = []
        self.next_update_id = 1000
        self.next_message_id = 500
        self.sent: list[dict[str, Any]] = []
        self.requests: list[str] = []
        self.scripted: deque[tuple[str | None, int, bytes, dict[str, str], float]] = deque()
        self.clock = int(time.time()) - 3600
        self._server: ThreadingHTTPServer | None = None
        self._connections: set[socket.socket] = set()
        self._port = 0
        self.start()

    # --- running ---------------------------------------------------------------------------

    def start(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with fake.lock:
                    fake._connections.add(self.connection)

            def finish(self) -> None:
                with fake.lock:
                    fake._connections.discard(self.connection)
                super().finish()

            def do_GET(self) -> None:
                fake._handle(self)

            def do_POST(self) -> None:
                fake._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.daemon_threads = True
        self._port = self._server.server_address[1]
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def cut(self) -> None:
        """The network is gone: open connections drop, nothing listens any more."""
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()
        self._server = None
        with self.lock:
            connections, self._connections = set(self._connections), set()
            self.lock.notify_all()  # a long poll in progress ends
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def restore(self) -> None:
        self.start()

    def stop(self) -> None:
        if self._server is not None:
            self.cut()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    # --- what the platform has -------------------------------------------------------------

    def push(self, kind: str, message: dict[str, Any]) -> int:
        """Queue an update of ``kind`` (message, business_message...) for getUpdates."""
        with self.lock:
            self.next_update_id += 1
            self.updates.append({"update_id": self.next_update_id, kind: message})
            self.lock.notify_all()
            return self.next_update_id

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

    def script(
        self,
        status: int,
        body: Any,
        *,
        headers: dict[str, str] | None = None,
        delay_s: float = 0.0,
        times: int = 1,
        method: str | None = None,
    ) -> None:
        """The next ``times`` requests (of ``method``, or any) get this answer instead
        of the real one."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        for _ in range(times):
            self.scripted.append((method, status, raw, headers or {}, delay_s))

    def _scripted_for(self, method: str) -> tuple[int, bytes, dict[str, str], float] | None:
        with self.lock:
            for entry in self.scripted:
                if entry[0] in (None, method):
                    self.scripted.remove(entry)
                    return entry[1:]
        return None

    # --- the API ---------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        parsed = urlparse(request.path)
        _, _, rest = parsed.path.partition("/bot")
        token, _, method = rest.partition("/")
        self.requests.append(method)
        scripted = self._scripted_for(method)
        if scripted is not None:
            status, body, headers, delay = scripted
            time.sleep(delay)  # a slow platform, on the server's own thread
            return self._reply(request, status, body, headers)
        if token != self.token:
            return self._json(
                request, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            )
        params = self._params(request, parsed.query, raw)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return self._json(
                request, 404, {"ok": False, "error_code": 404, "description": "Not Found"}
            )
        status, result = handler(params)
        self._json(request, status, result)

    @staticmethod
    def _params(request: BaseHTTPRequestHandler, query: str, raw: bytes) -> dict[str, Any]:
        params: dict[str, Any] = {k: v[0] for k, v in parse_qs(query).items()}
        kind = request.headers.get("Content-Type", "")
        if kind.startswith("application/json") and raw:
            params.update(json.loads(raw))
        elif kind.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(
                f"Content-Type: {kind}\r\n\r\n".encode() + raw
            )
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True)
                params[name] = (filename, payload) if filename else payload.decode()
        return params

    def _api_getMe(self, params: dict[str, Any]) -> tuple[int, Any]:
        return 200, {"ok": True, "result": BOT}

    def _api_getUpdates(self, params: dict[str, Any]) -> tuple[int, Any]:
        offset = int(params.get("offset", 0))
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

    # --- the wire --------------------------------------------------------------------------

    def _json(self, request: BaseHTTPRequestHandler, status: int, body: Any) -> None:
        self._reply(request, status, json.dumps(body).encode(), {})

    @staticmethod
    def _reply(
        request: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]
    ) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: that is what a timeout test wants
