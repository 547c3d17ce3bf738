"""Files a platform serves from its content network to anyone with the link (Meta's
photo URLs, X's ``pbs.twimg.com``): fetched without the account's token, over
https, and only from that platform's own hosts, so an address in a message can
never make DMDesk fetch from somewhere else (a local service, another site).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from urllib.parse import urlsplit

from dmdesk.connectors.base import PermanentError, TemporaryError
from dmdesk.connectors.http import PlatformHttp

MEDIA_TIMEOUT_S = 60.0


class ContentNetwork:
    def __init__(self, platform_name: str, hosts: Iterable[str], *, also: str = "") -> None:
        """``hosts``: the domains whose hosts and subdomains serve the platform's
        files; ``also``: one more origin (the API's own, which a test points at a
        local server)."""
        self._name = platform_name
        self._hosts = tuple(h.lower() for h in hosts)
        self._also = _origin(also) if also else None
        self._http = PlatformHttp("", platform_name=platform_name, timeout_s=MEDIA_TIMEOUT_S)

    def serves(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.username or parts.password:
            return False  # https://fbcdn.net@evil.example/ is not Meta's
        if self._also is not None and _origin(url) == self._also:
            return True
        return parts.scheme == "https" and any(
            host == domain or host.endswith("." + domain) for domain in self._hosts
        )

    def download(self, url: str) -> Generator[bytes, None, None]:
        if not self.serves(url):
            raise PermanentError(
                f"This file's address is not one of {self._name}'s, so DMDesk does not "
                "fetch it. Open it in the platform's app."
            )
        with self._http.stream(url) as response:
            if response.status_code in (403, 404, 410):
                response.read()
                raise PermanentError(
                    f"{self._name} no longer has this file (its link expired). Open the "
                    "conversation in the platform's app to see it."
                )
            if response.status_code >= 500:
                response.read()
                raise TemporaryError(f"{self._name} had a problem giving the file; try again.")
            if response.status_code >= 400:
                response.read()
                raise PermanentError(
                    f"{self._name} did not give the file (HTTP {response.status_code})."
                )
            yield from response.iter_bytes()

    def close(self) -> None:
        self._http.close()


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port
