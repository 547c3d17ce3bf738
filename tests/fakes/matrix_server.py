"""A homeserver that says whatever a test tells it to: who the user is, then the
given bodies for ``/sync`` and ``/messages`` (a gap fill), however malformed.
The real Synapse tests cover what a homeserver should say; this one covers what
a broken or hostile one may."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import Any

from fakes.base import FakeServer

USER = "@shop:fake.test"


class FakeHomeserver(FakeServer):
    def __init__(self) -> None:
        self.sync: Any = {"next_batch": "s1"}
        self.messages: Any = {"chunk": []}
        self.other: Any = {}
        super().__init__()

    def route(self, request: BaseHTTPRequestHandler, method: str, path: str) -> str:
        return path.rsplit("/", 1)[-1]

    def answer(
        self, request: BaseHTTPRequestHandler, path: str, params: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        name = path.rsplit("/", 1)[-1]
        if name == "whoami":
            return 200, {"user_id": USER, "device_id": "DEV"}, {}
        if name == "sync":
            return 200, self.sync, {}
        if name == "messages":
            return 200, self.messages, {}
        return 200, self.other, {}  # joins, profiles, room directory
