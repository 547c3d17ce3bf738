"""What every platform connector implements, and the errors sync tells apart.

Connectors are synchronous and run on worker threads. They never touch the
database: they take a stored cursor and return domain objects, and the sync
service writes those through the store.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Generator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dmdesk.domain import AccountIdentity, Attachment, FetchResult, OutgoingMessage, Platform


def moment(seconds: float) -> datetime | None:
    """A platform's Unix time as a UTC time, or None where no date can be that far
    out (a broken or hostile answer)."""
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        return None


class ConnectorError(Exception):
    """Base of what a connector may raise. Messages never contain a secret."""


class AuthExpired(ConnectorError):
    """The token is no longer accepted: stop this account and ask to re-connect."""


class RateLimited(ConnectorError):
    """The platform asked us to wait until ``retry_at`` before calling again."""

    def __init__(self, message: str, retry_at: datetime) -> None:
        super().__init__(message)
        self.retry_at = retry_at


class TemporaryError(ConnectorError):
    """Network trouble or a server error: retry later with backoff. For a send it is
    ambiguous: the request may have reached the platform before its answer was lost
    (a dropped connection, a read timeout, a garbled answer, a 5xx)."""


class NotSent(TemporaryError):
    """The request provably never reached the platform (connection refused, no DNS,
    no connection in time): a send can be repeated safely."""


class PermanentError(ConnectorError):
    """This request will never succeed as it is (bad recipient, closed window...)."""


@dataclass(frozen=True, slots=True)
class RenewedCredential:
    """A credential traded for a fresh one: what the keyring keeps now, and how long
    it lasts from now."""

    secret: str
    lasts: timedelta

    def __repr__(self) -> str:  # the secret stays out of logs and tracebacks
        return f"RenewedCredential(lasts={self.lasts})"


class Connector(ABC):
    """One account's link to its platform."""

    platform: Platform
    credential_lifetime: timedelta | None = None
    """How long a credential lasts from when it was issued or renewed, where the
    platform's expire; None where they do not (bot tokens, Page tokens)."""
    renew_every: timedelta = timedelta(days=1, hours=1)
    """How often sync renews an expiring credential: Meta renews a token only
    once it is a day old; daily leaves nearly its whole lifetime in hand."""
    keeps_updates_for: timedelta | None = None
    """How long the platform holds messages for a client that does not fetch
    (Telegram's bot updates: 24 hours); None where history can be read back."""
    idempotent_sends: bool = False
    """True when sending the same OutgoingMessage twice delivers it once (the
    platform dedupes on its client id). Otherwise a send cut off mid-way is not
    repeated on its own: the user checks the chat and says Retry."""

    def catch_up(self, cursor: str | None) -> FetchResult:
        """The first fetch after a start: what came while DMDesk was closed, at once.
        A connector whose ``fetch`` long-polls (waits for news) does not wait here,
        so the account says "up to date" as soon as it is, not 25 s later."""
        return self.fetch(cursor)

    def find_sent(self, message: OutgoingMessage, since: datetime) -> str | None:
        """Where the platform can list a chat's messages: the platform id of this reply
        if it arrived (ours, its text, sent since ``since``) although its answer was
        lost; None if it did not, or the platform cannot tell."""
        return None

    @abstractmethod
    def check(self) -> AccountIdentity:
        """Test the connection: who the credentials belong to. Raises like fetch."""

    @abstractmethod
    def fetch(self, cursor: str | None) -> FetchResult:
        """Everything new since ``cursor`` (None: since the beginning we care about)."""

    @abstractmethod
    def send(self, message: OutgoingMessage) -> str:
        """Send a reply and return the platform's id for it."""

    def renew_credential(self) -> RenewedCredential | None:
        """Trade the credential for a fresh one (only where ``credential_lifetime``
        is set) and use it from now on. Raises AuthExpired where the platform will
        not (revoked, the password changed), else like fetch."""
        return None

    def poll_interval_seconds(self) -> float:
        """How long sync waits between two fetches of this account."""
        return 30.0

    def download(self, attachment: Attachment) -> Generator[bytes, None, None]:
        """The bytes of a file a message came with, in chunks, for a platform whose
        files need this account's sign-in (Matrix's media API). Raises like fetch."""
        raise PermanentError(f"DMDesk cannot download files from {self.platform.label}.")

    def mark_read(self, platform_conversation_id: str, platform_message_id: str) -> None:  # noqa: B027
        """The shop has read this chat up to this message in DMDesk: tell a platform
        that keeps read state for the shop's other apps (their phone), and only
        where the customer sees nothing of it. Raises like fetch."""

    def use_folder(self, folder: Path) -> None:  # noqa: B027 - most keep nothing
        """A folder of this account's own, for what its platform needs kept between
        runs (Matrix's encryption keys). Given before the first fetch."""

    def sign_out(self) -> None:  # noqa: B027 - most platforms have nothing to revoke
        """The account is being removed: revoke the credential on the platform where
        it can be (best effort; raises like fetch)."""

    def close(self) -> None:  # noqa: B027 - most connectors hold nothing to let go of
        """Let go of network resources; the connector is not used again."""
