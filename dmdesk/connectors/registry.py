"""The kinds of account a user can add: what each asks for, and how its
connector is made from the stored settings and the keyring's secret.

The Accounts dialog builds its form from ``fields``; nothing else in the UI
knows a platform's details.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dmdesk.connectors.base import Connector
from dmdesk.connectors.telegram import DEFAULT_BASE_URL as TELEGRAM_API
from dmdesk.connectors.telegram import TelegramConnector
from dmdesk.domain import Platform


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    help: str = ""
    placeholder: str = ""
    required: bool = False
    secret: bool = False
    """The one field that goes to the keyring, never to the database."""
    advanced: bool = False
    default: str = ""


@dataclass(frozen=True, slots=True)
class ConnectorKind:
    name: str
    """Stored as ``Account.connector``."""
    platform: Platform
    title: str
    summary: str
    fields: tuple[Field, ...]
    make: Callable[[Mapping[str, str], str], Connector]
    """(settings, secret) -> a connector."""

    @property
    def secret_field(self) -> Field:
        return next(f for f in self.fields if f.secret)

    def settings_of(self, values: Mapping[str, str]) -> dict[str, str]:
        """What of a filled-in form may be stored: every field but the secret,
        with defaults left out so a later default change reaches old accounts."""
        return {
            f.name: values[f.name].strip()
            for f in self.fields
            if not f.secret and values.get(f.name, "").strip() not in ("", f.default)
        }

    def missing(self, values: Mapping[str, str]) -> list[str]:
        return [f.label for f in self.fields if f.required and not values.get(f.name, "").strip()]


def _telegram(settings: Mapping[str, str], token: str) -> Connector:
    return TelegramConnector(
        token,
        base_url=settings.get("base_url") or TELEGRAM_API,
        business_connection_id=settings.get("business_connection_id", ""),
    )


TELEGRAM = ConnectorKind(
    name="telegram",
    platform=Platform.TELEGRAM,
    title="Telegram bot",
    summary=(
        "Customers write to your bot, or to your Telegram Business account through it. "
        "Create the bot with @BotFather and paste its token."
    ),
    fields=(
        Field(
            "token",
            "Bot token",
            help="From @BotFather: /newbot, then copy the token it gives you.",
            placeholder="123456789:AA…",
            required=True,
            secret=True,
        ),
        Field(
            "business_connection_id",
            "Business connection",
            help="Only for Telegram Business: the connection id, to answer as your account.",
            placeholder="optional",
        ),
        Field(
            "base_url",
            "API address",
            help="Leave as it is unless you run your own Bot API server.",
            advanced=True,
            default=TELEGRAM_API,
        ),
    ),
    make=_telegram,
)

KINDS: dict[str, ConnectorKind] = {kind.name: kind for kind in (TELEGRAM,)}
"""Every kind a user can add, by ``Account.connector``."""
