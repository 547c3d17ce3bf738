"""X's OAuth 2.0 user tokens, and renewing them.

An access token lasts two hours. Made with the ``offline.access`` scope, it comes
with a refresh token, which the app's Client ID (a public, "Native App" client)
trades for a new access token and a new refresh token; the old refresh token
stops working at once. The keyring keeps both as one JSON secret; an account
saved before keeps its bare access token, which cannot be renewed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from dmdesk.connectors.base import AuthExpired, PermanentError, RateLimited, TemporaryError
from dmdesk.connectors.http import MalformedResponse, PlatformHttp, retry_after

TOKEN_PATH = "/2/oauth2/token"
ACCESS_LIFETIME = timedelta(hours=2)
RENEW_EVERY = timedelta(minutes=90)
"""Well inside the two hours: a renewal that fails on the way is tried again."""
REFUSED_WORDS = (
    "X no longer renews this sign-in (the refresh token was used elsewhere, revoked, "
    "or is for another app). Make a new token with offline.access and re-connect."
)


@dataclass(frozen=True, slots=True)
class XCredential:
    access_token: str
    refresh_token: str = ""

    @classmethod
    def parse(cls, secret: str) -> XCredential:
        """What the keyring holds: the JSON of both, or (older accounts) the bare
        access token."""
        if not secret.startswith("{"):
            return cls(secret)
        try:
            data = json.loads(secret)
        except json.JSONDecodeError:
            return cls(secret)
        access, refresh = data.get("access_token"), data.get("refresh_token")
        if not isinstance(access, str):
            return cls(secret)
        return cls(access, refresh if isinstance(refresh, str) else "")

    def dumps(self) -> str:
        if not self.refresh_token:
            return self.access_token
        return json.dumps({"access_token": self.access_token, "refresh_token": self.refresh_token})


def renew(
    base_url: str, client_id: str, refresh_token: str, *, timeout_s: float = 20.0
) -> tuple[XCredential, timedelta]:
    """Trade a refresh token for a new pair, and how long the access token lasts.
    Raises AuthExpired where X refuses it, TemporaryError or RateLimited where it
    could not say."""
    http = PlatformHttp(
        base_url.rstrip("/"),
        platform_name="X",
        secrets=(refresh_token, client_id),
        timeout_s=timeout_s,
    )
    try:
        response = http.request(
            "POST",
            TOKEN_PATH,
            data={
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": client_id,
            },
        )
        body: Any = http.json(response)
        status = response.status_code
        if status == 429:
            now = datetime.now(UTC)
            raise RateLimited(
                "X asks to slow down renewing the sign-in.",
                retry_after(response.headers, now) or now + timedelta(minutes=15),
            )
        if status >= 500:
            raise TemporaryError(f"X had a problem renewing the sign-in ({status}).")
        if status in (400, 401, 403):
            raise AuthExpired(REFUSED_WORDS)
        if status >= 400:
            raise PermanentError(f"X refused to renew the sign-in ({status}).")
        if not isinstance(body, dict):
            raise MalformedResponse("X renewed the sign-in without saying its new token.")
        access, refresh, lasts = (
            body.get("access_token"),
            body.get("refresh_token"),
            body.get("expires_in"),
        )
        if not isinstance(access, str) or not access:
            raise MalformedResponse("X renewed the sign-in without saying its new token.")
        seconds = lasts if isinstance(lasts, int) and lasts > 0 else None
        return (
            XCredential(access, refresh if isinstance(refresh, str) and refresh else refresh_token),
            timedelta(seconds=seconds) if seconds else ACCESS_LIFETIME,
        )
    finally:
        http.close()
