"""A photo's address in a message makes DMDesk fetch from the platform's own
content network only: https, its hosts, no user-info tricks; and a link that
expired says what to do."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from fakes.base import FakeServer

from dmdesk.connectors.base import PermanentError, TemporaryError
from dmdesk.connectors.cdn import ContentNetwork


class FakeContentNetwork(FakeServer):
    def answer(
        self, request: BaseHTTPRequestHandler, path: str, params: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        if path == "/photo.jpg":
            return 200, b"\xff\xd8 the photo", {"Content-Type": "image/jpeg"}
        return 404, b"", {}


@pytest.fixture
def server() -> Iterator[FakeContentNetwork]:
    fake = FakeContentNetwork()
    yield fake
    fake.stop()


@pytest.fixture
def network(server: FakeContentNetwork) -> Iterator[ContentNetwork]:
    made = ContentNetwork("Instagram", ("fbcdn.net", "cdninstagram.com"), also=server.url)
    yield made
    made.close()


@pytest.mark.parametrize(
    ("url", "served"),
    [
        ("https://scontent.xx.fbcdn.net/v/t1/photo.jpg?oh=1", True),
        ("https://fbcdn.net/photo.jpg", True),
        ("http://scontent.xx.fbcdn.net/photo.jpg", False),  # not over https
        ("https://fbcdn.net.evil.example/photo.jpg", False),
        ("https://evilfbcdn.net/photo.jpg", False),
        ("https://fbcdn.net@evil.example/photo.jpg", False),
        ("https://user:pw@scontent.fbcdn.net/photo.jpg", False),
        ("file:///etc/passwd", False),
        ("http://127.0.0.1:1/photo.jpg", False),  # another local service
    ],
)
def test_only_the_platforms_own_hosts_are_fetched_from(network, url: str, served: bool) -> None:
    assert network.serves(url) is served


def test_a_photo_downloads_and_an_expired_link_says_so(network, server) -> None:
    assert b"".join(network.download(f"{server.url}/photo.jpg")) == b"\xff\xd8 the photo"
    with pytest.raises(PermanentError, match="link expired"):
        b"".join(network.download(f"{server.url}/gone.jpg"))
    with pytest.raises(PermanentError, match="not one of Instagram's"):
        b"".join(network.download("https://evil.example/photo.jpg"))
    assert server.requests == ["/photo.jpg", "/gone.jpg"]  # nothing went to evil.example


def test_a_cut_network_is_temporary(network, server) -> None:
    server.cut()
    with pytest.raises(TemporaryError):
        b"".join(network.download(f"{server.url}/photo.jpg"))
