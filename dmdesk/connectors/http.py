"""The HTTP layer every platform connector shares (httpx).

It turns what can go wrong on the wire into the errors sync tells apart, reads
the platforms' wait-before-retrying signals, and keeps secrets out of every
message: Telegram puts the bot token in the URL path, so no URL is ever put
in an error, and httpx's own request log is kept quiet.
"""

from __future__ import annotations

import email.utils
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from dmdesk.connectors.base import ConnectorError, NotSent, TemporaryError

log = logging.getLogger(__name__)

# httpx logs every request URL at INFO, token and all.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)

DEFAULT_TIMEOUT_S = 20.0
USER_AGENT = "DMDesk/0.1 (+https://github.com/dmdesk)"


class MalformedResponse(TemporaryError):
    """The platform answered something that is not the documented shape."""


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "•••")
    return text


def retry_after(headers: Mapping[str, str], now: datetime) -> datetime | None:
    """The time an HTTP Retry-After header names (seconds or an HTTP date)."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return now + timedelta(seconds=int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class PlatformHttp:
    """One account's HTTP client: a base URL, a timeout, and the secrets to hide."""

    def __init__(
        self,
        base_url: str,
        *,
        platform_name: str,
        secrets: Iterable[str] = (),
        timeout_s: float = DEFAULT_TIMEOUT_S,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.platform_name = platform_name
        self._secrets = tuple(s for s in secrets if s)
        self._client = httpx.Client(
            base_url=base_url,
            timeout=timeout_s,
            headers={"User-Agent": USER_AGENT, **(headers or {})},
            transport=transport,
            follow_redirects=False,
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout_s: float | None = None,
    ) -> httpx.Response:
        """Send one request; network trouble becomes TemporaryError, never a URL."""
        with self._errors_translated():
            return self._client.request(
                method,
                path,
                params=params,
                json=json_body,
                data=data,
                files=files,
                content=content,
                headers=headers,
                timeout=timeout_s if timeout_s is not None else httpx.USE_CLIENT_DEFAULT,
            )

    @contextmanager
    def stream(self, path: str, *, timeout_s: float | None = None) -> Iterator[httpx.Response]:
        """GET a body too big to hold in memory (a file); trouble as in ``request``,
        also while the body is read."""
        with (
            self._errors_translated(),
            self._client.stream(
                "GET",
                path,
                timeout=timeout_s if timeout_s is not None else httpx.USE_CLIENT_DEFAULT,
            ) as response,
        ):
            yield response

    @contextmanager
    def _errors_translated(self) -> Iterator[None]:
        try:
            yield
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            # Nothing was written to the platform: safe to repeat, even a send. The
            # errno text ("[Errno -2] Name or service not known") goes to the log.
            log.info("%s unreachable: %s", self.platform_name, self.hide(str(error)))
            raise NotSent(
                f"No internet connection, or {self.platform_name} cannot be reached. "
                "Check your connection; DMDesk tries again by itself."
            ) from None
        except httpx.TimeoutException:
            raise TemporaryError(f"{self.platform_name} did not answer in time.") from None
        except httpx.TransportError as error:
            log.info("%s connection lost: %s", self.platform_name, self.hide(str(error)))
            raise TemporaryError(
                f"The connection to {self.platform_name} dropped before it answered."
            ) from None
        except httpx.HTTPError as error:
            raise ConnectorError(
                f"{self.platform_name} request failed: {type(error).__name__}"
            ) from None

    def json(self, response: httpx.Response) -> Any:
        try:
            return json.loads(response.content)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise MalformedResponse(
                f"{self.platform_name} answered HTTP {response.status_code} with something "
                "that is not JSON."
            ) from None

    def use_secret(self, secret: str, headers: Mapping[str, str]) -> None:
        """A renewed credential: sent from now on in ``headers``, and hidden like the
        old one (which may still turn up in a late error)."""
        self._secrets = (*self._secrets, secret)
        self._client.headers.update(headers)

    def hide(self, text: str) -> str:
        return redact(text, self._secrets)

    def close(self) -> None:
        self._client.close()
