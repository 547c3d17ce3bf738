"""Signing in to a Matrix homeserver and the answers it gives: where its client
API lives, a password traded once for an access token, the credential the
keyring keeps, and the homeserver's errors as the errors sync tells apart."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from dmdesk.connectors.base import (
    AuthExpired,
    ConnectorError,
    PermanentError,
    RateLimited,
    TemporaryError,
)
from dmdesk.connectors.http import MalformedResponse, PlatformHttp

API = "/_matrix/client/v3"
WELL_KNOWN_TIMEOUT_S = 8.0


@dataclass(frozen=True, slots=True)
class MatrixCredential:
    """What the keyring keeps for a Matrix account: its access token and the device
    it belongs to (end-to-end keys are per device). Never the password."""

    access_token: str = field(repr=False)
    device_id: str = ""
    own_device: bool = False
    """DMDesk signed this device in itself, so it may hold encryption keys. A pasted
    token is another app's device, whose keys must never be replaced."""

    def dumps(self) -> str:
        return json.dumps(
            {
                "access_token": self.access_token,
                "device_id": self.device_id,
                "own_device": self.own_device,
            }
        )

    @classmethod
    def parse(cls, secret: str) -> MatrixCredential:
        """A stored credential, or a bare access token as pasted from Element."""
        try:
            data = json.loads(secret)
        except ValueError:
            return cls(secret.strip())
        if isinstance(data, dict) and isinstance(data.get("access_token"), str):
            return cls(
                data["access_token"],
                str(data.get("device_id") or ""),
                data.get("own_device") is True,
            )
        return cls(secret.strip())


def homeserver_url(text: str) -> str:
    """The homeserver's address as typed ("matrix.example.org" is https)."""
    address = text.strip().rstrip("/")
    if address and "://" not in address:
        address = "https://" + address
    return address


def discover(homeserver: str) -> str:
    """Where the client API of what the user typed lives: a server's
    ``.well-known/matrix/client`` names it when it is elsewhere (example.org's at
    matrix.example.org). Without one, the address as typed."""
    base = homeserver_url(homeserver)
    http = PlatformHttp(base, platform_name="Matrix", timeout_s=WELL_KNOWN_TIMEOUT_S)
    try:
        answer = http.request("GET", "/.well-known/matrix/client")
        named = http.json(answer).get("m.homeserver", {}).get("base_url")
    except (ConnectorError, AttributeError):
        return base
    finally:
        http.close()
    if answer.status_code != 200 or not isinstance(named, str) or not named.strip():
        return base
    return homeserver_url(named)


def sign_in(
    homeserver: str, user: str, password: str, *, device_name: str = "DMDesk"
) -> MatrixCredential:
    """Trade a user name and password for an access token of a new device. The
    password goes to the homeserver once and is kept nowhere."""
    http = PlatformHttp(homeserver_url(homeserver), platform_name="Matrix", secrets=(password,))
    try:
        flows = answer_of(http, http.request("GET", API + "/login")).get("flows")
        types = {
            str(flow.get("type"))
            for flow in (flows if isinstance(flows, list) else [])
            if isinstance(flow, Mapping)
        }
        if "m.login.password" not in types:
            raise PermanentError(
                "This homeserver does not take a password from apps like DMDesk (it signs "
                "in through a web page). Paste an access token instead: in Element, "
                "Settings → Help & About → Access token."
            )
        body = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": user.strip()},
            "password": password,
            "initial_device_display_name": device_name,
        }
        answer = http.request("POST", API + "/login", json_body=body)
        if answer.status_code == 403:
            raise PermanentError("The homeserver did not accept that user name and password.")
        login = answer_of(http, answer)
        token = login.get("access_token")
        if not isinstance(token, str) or not token:
            raise MalformedResponse("The homeserver's sign-in gave no access token.")
        return MatrixCredential(token, str(login.get("device_id") or ""), own_device=True)
    finally:
        http.close()


def answer_of(http: PlatformHttp, response: httpx.Response) -> dict[str, Any]:
    """A JSON object from a 2xx answer, or the error the answer means."""
    body = http.json(response)
    if response.status_code < 400 and isinstance(body, dict):
        return body
    raise error_of(http, response, body)


def errcode_of(response: httpx.Response) -> str:
    body = json_or_none(response)
    return str(body.get("errcode", "")) if isinstance(body, dict) else ""


def json_or_none(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def error_of(http: PlatformHttp, response: httpx.Response, body: Any) -> Exception:
    status = response.status_code
    code = str(body.get("errcode", "")) if isinstance(body, dict) else ""
    detail = http.hide(str(body.get("error", "")) if isinstance(body, dict) else "")
    if status == 401 or code in ("M_UNKNOWN_TOKEN", "M_MISSING_TOKEN"):
        return AuthExpired(
            "The homeserver no longer accepts this sign-in (signed out or revoked). "
            "Re-connect the account."
        )
    if status == 429 or code == "M_LIMIT_EXCEEDED":
        wait_ms = body.get("retry_after_ms") if isinstance(body, dict) else None
        seconds = int(wait_ms) / 1000 if isinstance(wait_ms, int) else 5.0
        return RateLimited(
            "The homeserver asks to slow down.",
            datetime.now(UTC) + timedelta(seconds=seconds),
        )
    if status >= 500:
        return TemporaryError(f"The homeserver had a problem ({status}): {detail[:200]}")
    if status < 400:
        return MalformedResponse("The homeserver answered something that is not JSON.")
    return PermanentError(f"The homeserver refused ({status} {code}): {detail[:200]}")
