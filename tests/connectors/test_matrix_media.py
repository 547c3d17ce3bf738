"""A customer's ``mxc://`` address reaches only the media endpoints, and only when
it is a server name and media id as the spec writes them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fakes.matrix_server import FakeHomeserver

from dmdesk.connectors.base import PermanentError
from dmdesk.connectors.matrix import MatrixConnector
from dmdesk.connectors.matrix_media import media_address
from dmdesk.connectors.matrix_session import MatrixCredential
from dmdesk.domain import Attachment, AttachmentKind


@pytest.fixture
def homeserver() -> Iterator[FakeHomeserver]:
    server = FakeHomeserver()
    yield server
    server.stop()


@pytest.fixture
def connector(homeserver: FakeHomeserver) -> Iterator[MatrixConnector]:
    made = MatrixConnector(MatrixCredential("shop-token"), homeserver=homeserver.url)
    yield made
    made.close()


@pytest.mark.parametrize(
    "url",
    [
        "mxc://evil.example/../../../../../../_matrix/client/v3/sync",
        "mxc://evil.example/%2e%2e%2f%2e%2e%2fsync",
        "mxc://../_matrix/client/v3/sync",
        "mxc://evil.example/abc/../../../v3/sync",
        "mxc://evil.example/abc?access_token=x",
        "mxc://ev il.example/abc",
        "mxc://evil.example:99999999/abc",
        "mxc://evil.example/",
        "mxc:///abc",
        "https://evil.example/abc",
        "",
    ],
)
def test_an_address_outside_the_grammar_is_refused_and_nothing_is_fetched(
    homeserver: FakeHomeserver, connector: MatrixConnector, url: str
) -> None:
    statement = Attachment(AttachmentKind.FILE, "statement.html", url=url)
    with pytest.raises(PermanentError, match="not a Matrix media address"):
        b"".join(connector.download(statement))
    assert homeserver.requests == []


@pytest.mark.parametrize(
    ("url", "server", "media"),
    [
        ("mxc://matrix.org/GCmhgzMPRjqgpODLsNQzVuHZ", "matrix.org", "GCmhgzMPRjqgpODLsNQzVuHZ"),
        ("mxc://localhost:8448/a_b-C", "localhost:8448", "a_b-C"),
        ("mxc://[2001:db8::1]:8448/x", "[2001:db8::1]:8448", "x"),
        ("mxc://192.0.2.7/x", "192.0.2.7", "x"),
    ],
)
def test_a_spec_address_goes_to_the_media_download_endpoints(url, server, media) -> None:
    address = media_address(url)
    assert (address.server_name, address.media_id) == (server, media)
    assert address.download_paths == (
        f"/_matrix/client/v1/media/download/{server}/{media}",
        f"/_matrix/media/v3/download/{server}/{media}",
    )


def test_a_valid_address_is_fetched_from_the_media_endpoint_only(
    homeserver: FakeHomeserver, connector: MatrixConnector
) -> None:
    homeserver.script(200, b"%PDF-1.7 statement")
    photo = Attachment(AttachmentKind.FILE, "statement.pdf", url="mxc://fake.test/abc123")
    assert b"".join(connector.download(photo)) == b"%PDF-1.7 statement"
    assert homeserver.requests == ["abc123"]


def test_a_photos_and_a_videos_info_give_their_size_length_and_poster() -> None:
    from dmdesk.connectors.matrix import _text_and_files

    _text, (photo,) = _text_and_files(
        "m.room.message",
        {
            "msgtype": "m.image",
            "body": "parcel.jpg",
            "url": "mxc://shop.example/photo1",
            "info": {"mimetype": "image/jpeg", "size": 52_000, "w": 1600, "h": 1200},
        },
    )
    assert (photo.width, photo.height, photo.size) == (1600, 1200, 52_000)
    _text, (video,) = _text_and_files(
        "m.room.message",
        {
            "msgtype": "m.video",
            "body": "unboxing.mp4",
            "url": "mxc://shop.example/video1",
            "info": {
                "w": 720,
                "h": 1280,
                "duration": 14_500,
                "thumbnail_url": "mxc://shop.example/poster1",
            },
        },
    )
    assert (video.width, video.height, video.duration_ms) == (720, 1280, 14_500)
    assert video.poster_url == "mxc://shop.example/poster1" and video.shows_inline
    # A side that is no number, or absurd, is left unknown rather than trusted.
    _text, (odd,) = _text_and_files(
        "m.sticker", {"body": "hi", "url": "mxc://s.example/a", "info": {"w": "wide", "h": 10**30}}
    )
    assert (odd.width, odd.height) == (None, None)
