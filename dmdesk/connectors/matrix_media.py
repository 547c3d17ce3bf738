"""Matrix media addresses (``mxc://<server-name>/<media-id>``), checked against the
spec's grammar before they become a request.

An ``mxc://`` URL comes from whoever sent the message. Put into a path as it is,
``mxc://evil.example/../../_matrix/client/v3/sync`` would reach any endpoint of
the homeserver with the shop's token; only a server name (a host, an IPv4 or a
bracketed IPv6 address, an optional port) and a media id of ``[A-Za-z0-9_-]``
may pass, and they go only to the media download endpoints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dmdesk.connectors.base import PermanentError

_SERVER_NAME = re.compile(
    r"(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9][A-Za-z0-9.-]{0,254})(?::[0-9]{1,5})?",
)
"""Spec appendix, server name: an IPv6 literal in brackets, or a DNS name or IPv4
address, then an optional port."""
_MEDIA_ID = re.compile(r"[A-Za-z0-9_-]{1,255}")

REFUSED = (
    "This file's address is not a Matrix media address, so DMDesk did not fetch it. "
    "Open the message in your Matrix app to see it."
)


@dataclass(frozen=True, slots=True)
class MediaAddress:
    server_name: str
    media_id: str

    @property
    def download_paths(self) -> tuple[str, str]:
        """The authenticated endpoint (Matrix 1.11) first, then the older open one."""
        where = f"{self.server_name}/{self.media_id}"
        return (
            f"/_matrix/client/v1/media/download/{where}",
            f"/_matrix/media/v3/download/{where}",
        )


def media_address(url: str) -> MediaAddress:
    """The server name and media id of an ``mxc://`` URL, or PermanentError (with a
    message for the user) for anything the grammar does not allow."""
    if not url.startswith("mxc://"):
        raise PermanentError(REFUSED)
    server, slash, media_id = url.removeprefix("mxc://").partition("/")
    if not (
        slash
        and _SERVER_NAME.fullmatch(server)
        and ".." not in server
        and _MEDIA_ID.fullmatch(media_id)
    ):
        raise PermanentError(REFUSED)
    return MediaAddress(server, media_id)
