"""What every fake platform server shares: a threaded HTTP server on 127.0.0.1,
scripted answers (any status, body, headers, delay) for the next requests,
and a network cut that drops open connections and stops listening."""

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


class Scripted:
    def __init__(self, status: int, body: bytes, headers: dict[str, str], delay_s: float):
        self.status, self.body, self.headers, self.delay_s = status, body, headers, delay_s


class FakeServer:
    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.requests: list[str] = []
        self.scripted: deque[tuple[str | None, Scripted]] = deque()
        self.spoiled: deque[tuple[str | None, str, float]] = deque()
        self._server: ThreadingHTTPServer | None = None
        self._connections: set[socket.socket] = set()
        self._port = 0
        self.start()

    # --- to override ---------------------------------------------------------------------

    def route(self, request: BaseHTTPRequestHandler, method: str, path: str) -> str:
        """The name scripted answers match (a platform method, or the path)."""
        return path

    def answer(
        self, request: BaseHTTPRequestHandler, path: str, params: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError

    # --- running -------------------------------------------------------------------------

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
            self.scripted.append((method, Scripted(status, raw, headers or {}, delay_s)))

    def spoil(self, how: str, *, method: str | None = None, delay_s: float = 0.0) -> None:
        """The next request (of ``method``, or any) is carried out, as the platform
        would, but its answer is lost on the way back: ``drop`` closes the connection
        with no answer, ``garble`` answers 200 with something that is not JSON,
        ``fail`` answers HTTP 500, ``late`` answers after ``delay_s``."""
        assert how in ("drop", "garble", "fail", "late")
        with self.lock:
            self.spoiled.append((method, how, delay_s))

    def _spoiled_for(self, name: str) -> tuple[str, float] | None:
        with self.lock:
            for entry in self.spoiled:
                if entry[0] in (None, name):
                    self.spoiled.remove(entry)
                    return entry[1], entry[2]
        return None

    # --- the wire ------------------------------------------------------------------------

    def _scripted_for(self, name: str) -> Scripted | None:
        with self.lock:
            for entry in self.scripted:
                if entry[0] in (None, name):
                    self.scripted.remove(entry)
                    return entry[1]
        return None

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        parsed = urlparse(request.path)
        name = self.route(request, request.command, parsed.path)
        self.requests.append(name)
        scripted = self._scripted_for(name)
        if scripted is not None:
            time.sleep(scripted.delay_s)  # a slow platform, on the server's own thread
            self._reply(request, scripted.status, scripted.body, scripted.headers)
            return
        params = self._params(request, parsed.query, raw)
        status, body, headers = self.answer(request, parsed.path, params)
        spoiled = self._spoiled_for(name)
        if spoiled is not None:
            how, delay_s = spoiled
            if how == "drop":
                request.close_connection = True
                with contextlib.suppress(OSError):
                    request.connection.shutdown(socket.SHUT_RDWR)
                return
            if how == "garble":
                self._reply(request, 200, b"<html>502 Bad Gateway</html>", {})
                return
            if how == "fail":
                self._reply(request, 500, b'{"ok": false, "error_code": 500}', {})
                return
            time.sleep(delay_s)  # late: the client has stopped waiting
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        self._reply(request, status, payload, headers)

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
        elif kind.startswith("application/x-www-form-urlencoded") and raw:
            params.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
        return params

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
