"""Instagram direct messages, through the Graph API (Instagram Login, or a Page
token on graph.facebook.com). Senders are named by their username.

An Instagram Login token is long-lived for 60 days and can be renewed once it is
a day old, each renewal good for 60 days more; a Page token does not expire.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from dmdesk.connectors.base import RenewedCredential
from dmdesk.connectors.http import MalformedResponse
from dmdesk.connectors.meta_graph import MetaGraphConnector
from dmdesk.domain import Platform

DEFAULT_BASE_URL = "https://graph.instagram.com"
PAGE_TOKEN_HOST = "graph.facebook.com"
"""Instagram through a Facebook Page's token, which does not expire."""
TOKEN_LIFETIME = timedelta(days=60)


class InstagramConnector(MetaGraphConnector):
    platform = Platform.INSTAGRAM
    conversations_platform = "instagram"
    default_base_url = DEFAULT_BASE_URL

    @property
    def credential_lifetime(self) -> timedelta | None:  # type: ignore[override]
        page_token = urlsplit(self._base_url).hostname == PAGE_TOKEN_HOST
        return None if page_token else TOKEN_LIFETIME

    def renew_credential(self) -> RenewedCredential | None:
        if self.credential_lifetime is None:
            return None
        # Unversioned, and the token goes as a parameter: Meta's documented call.
        answer = self._answer(
            self._http.request(
                "GET",
                "/refresh_access_token",
                params={"grant_type": "ig_refresh_token", "access_token": self._token},
            )
        )
        token, lasts = answer.get("access_token"), answer.get("expires_in")
        if not isinstance(token, str) or not token or not isinstance(lasts, int) or lasts <= 0:
            raise MalformedResponse("Instagram renewed the token without saying its new one.")
        self._use_token(token)
        return RenewedCredential(token, timedelta(seconds=lasts))
