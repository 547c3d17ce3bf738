"""The kinds of account a user can add: what each asks for, and how its
connector is made from the stored settings and the keyring's secret.

The Accounts dialog builds its form from ``fields``; nothing else in the UI
knows a platform's details.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dmdesk.connectors.base import Connector, PermanentError
from dmdesk.connectors.instagram import DEFAULT_BASE_URL as INSTAGRAM_API
from dmdesk.connectors.instagram import InstagramConnector
from dmdesk.connectors.matrix import MatrixConnector
from dmdesk.connectors.matrix_session import MatrixCredential, discover
from dmdesk.connectors.matrix_session import sign_in as matrix_sign_in
from dmdesk.connectors.messenger import DEFAULT_BASE_URL as MESSENGER_API
from dmdesk.connectors.messenger import MessengerConnector
from dmdesk.connectors.meta_graph import API_VERSION
from dmdesk.connectors.telegram import DEFAULT_BASE_URL as TELEGRAM_API
from dmdesk.connectors.telegram import TelegramConnector
from dmdesk.connectors.x import DEFAULT_BASE_URL as X_API
from dmdesk.connectors.x import XConnector
from dmdesk.connectors.x_tokens import XCredential, renew
from dmdesk.domain import AccountIdentity, Platform


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    help: str = ""
    placeholder: str = ""
    required: bool = False
    secret: bool = False
    """The one field that goes to the keyring, never to the database."""
    transient: bool = False
    """Used once to sign in and kept nowhere, not even in the keyring (a password)."""
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
    sign_in: Callable[[Mapping[str, str], Mapping[str, str], str], SignedIn] | None = None
    """(settings, form values, secret) -> what the keyring keeps, for kinds whose
    stored secret is not simply the secret field (a password traded for a token)."""
    one_of: tuple[tuple[str, ...], ...] = ()
    """Groups of fields of which one must be filled in (a token, or user and password)."""
    shares_read_state: bool = False
    """The platform keeps what the shop has read for its other apps
    (``Connector.mark_read`` does something)."""
    finds_sent_replies: bool = False
    """A reply whose answer was lost can be looked for in its chat
    (``Connector.find_sent`` does something)."""
    token_note: str = ""
    """How long its credential lasts, where it does not renew itself."""
    guide: str = ""
    """Its step-by-step guide in docs/connect/ (where the token lives, what it costs)."""

    @property
    def secret_field(self) -> Field:
        return next(f for f in self.fields if f.secret)

    def settings_of(self, values: Mapping[str, str]) -> dict[str, str]:
        """What of a filled-in form may be stored: every field but the secret and
        the transient ones, with defaults left out so a later default change
        reaches old accounts."""
        return {
            f.name: values[f.name].strip()
            for f in self.fields
            if not (f.secret or f.transient)
            and values.get(f.name, "").strip() not in ("", f.default)
        }

    def missing(self, values: Mapping[str, str]) -> list[str]:
        """What to fill in before a test can run, as the user would read it."""

        def filled(name: str) -> bool:
            return bool(values.get(name, "").strip())

        labels = {f.name: f.label for f in self.fields}
        missing = [f.label for f in self.fields if f.required and not filled(f.name)]
        if self.one_of and not any(all(filled(n) for n in group) for group in self.one_of):
            missing.append(
                " or ".join(" and ".join(labels[n] for n in group) for group in self.one_of)
            )
        return missing


@dataclass(frozen=True, slots=True)
class SignedIn:
    secret: str
    """What the keyring keeps."""
    new_session: bool = False
    """A password was traded for a new session, to revoke if it is not saved."""
    settings: Mapping[str, str] | None = None
    """What to store in place of the form's settings (the server's real address)."""
    identity: AccountIdentity | None = None
    """Who signed in, where finding out was part of it (saves asking twice)."""


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
        "Create the bot with @BotFather and paste its token; for Telegram Business, "
        "then add the bot in Telegram under Settings → Business → Chatbots."
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
            help="Filled in by itself when you connect the bot to your Telegram Business "
            "account (in Telegram: Settings → Business → Chatbots).",
            placeholder="found by itself",
            advanced=True,
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
    token_note="Bot tokens do not expire (until revoked in @BotFather)",
    guide="telegram.md",
)


def _graph_fields(token_help: str, id_label: str, id_help: str, api: str) -> tuple[Field, ...]:
    return (
        Field(
            "token",
            "Access token",
            help=token_help,
            placeholder="EAAG… or IGAA…",
            required=True,
            secret=True,
        ),
        Field("account_id", id_label, help=id_help, placeholder="me"),
        Field(
            "base_url",
            "API address",
            help="Leave as it is unless Meta tells you otherwise.",
            advanced=True,
            default=api,
        ),
        Field(
            "api_version",
            "API version",
            help="The Graph API version DMDesk asks for.",
            advanced=True,
            default=API_VERSION,
        ),
    )


def _instagram(settings: Mapping[str, str], token: str) -> Connector:
    return InstagramConnector(
        token,
        account_id=settings.get("account_id") or "me",
        base_url=settings.get("base_url") or INSTAGRAM_API,
        api_version=settings.get("api_version") or API_VERSION,
    )


def _messenger(settings: Mapping[str, str], token: str) -> Connector:
    return MessengerConnector(
        token,
        account_id=settings.get("account_id") or "me",
        base_url=settings.get("base_url") or MESSENGER_API,
        api_version=settings.get("api_version") or API_VERSION,
    )


INSTAGRAM = ConnectorKind(
    name="instagram",
    platform=Platform.INSTAGRAM,
    title="Instagram professional account",
    summary=(
        "Direct messages of a business or creator account, through Meta's Graph API. "
        "Replies follow Instagram's 24-hour window."
    ),
    fields=_graph_fields(
        "A long-lived token with instagram_business_manage_messages (Instagram Login) or a "
        "Page token with instagram_manage_messages.",
        "Account id",
        "Your Instagram account's id; leave empty to use the token's own account.",
        INSTAGRAM_API,
    ),
    make=_instagram,
    finds_sent_replies=True,
    token_note="Page tokens do not expire; an Instagram Login token renews itself",
    guide="instagram.md",
)

MESSENGER = ConnectorKind(
    name="messenger",
    platform=Platform.MESSENGER,
    title="Facebook Page (Messenger)",
    summary=(
        "Messenger conversations of your Facebook Page, through Meta's Graph API. "
        "Replies follow Messenger's 24-hour window."
    ),
    fields=_graph_fields(
        "A Page access token with pages_messaging, pages_manage_metadata and "
        "pages_read_engagement.",
        "Page id",
        "Your Page's id; leave empty to use the token's own Page.",
        MESSENGER_API,
    ),
    make=_messenger,
    finds_sent_replies=True,
    token_note="Page tokens do not expire",
    guide="messenger.md",
)


def _x(settings: Mapping[str, str], secret: str) -> Connector:
    credential = XCredential.parse(secret)
    return XConnector(
        credential.access_token,
        refresh_token=credential.refresh_token,
        client_id=settings.get("client_id", ""),
        base_url=settings.get("base_url") or X_API,
    )


def _x_sign_in(settings: Mapping[str, str], values: Mapping[str, str], secret: str) -> SignedIn:
    """A refresh token with the app's Client ID is renewed at once: that proves
    both, and starts the two hours afresh. Without one, the token is kept as given
    (or, re-connecting with the fields empty, what the keyring holds)."""
    refresh = values.get("refresh_token", "").strip()
    if not refresh:
        return SignedIn(secret)
    client_id = settings.get("client_id", "")
    if not client_id:
        raise PermanentError(
            "A refresh token is renewed with your app's OAuth 2.0 Client ID: fill in "
            "Client ID too (Developer Portal → your app → Keys and tokens)."
        )
    renewed, _ = renew(settings.get("base_url") or X_API, client_id, refresh)
    return SignedIn(renewed.dumps())


X = ConnectorKind(
    name="x",
    platform=Platform.X,
    title="X (Twitter)",
    summary=(
        "Direct messages of your X account through API v2 (the last 30 days, then "
        "everything new). DMDesk sends text only on X."
    ),
    fields=(
        Field(
            "refresh_token",
            "Refresh token",
            help="Made with your app's user token when offline.access is asked: DMDesk "
            "renews the token with it every 90 minutes (X's tokens last two hours).",
            transient=True,
        ),
        Field(
            "client_id",
            "Client ID",
            help="Your app's OAuth 2.0 Client ID (Developer Portal → your app → Keys and "
            "tokens), which renewing needs.",
        ),
        Field(
            "token",
            "User access token",
            help="Or, without a refresh token: an access token with dm.read, dm.write, "
            "tweet.read and users.read. It ends after two hours.",
            secret=True,
        ),
        Field(
            "base_url",
            "API address",
            help="Leave as it is.",
            advanced=True,
            default=X_API,
        ),
    ),
    make=_x,
    sign_in=_x_sign_in,
    one_of=(("token",), ("refresh_token", "client_id")),
    finds_sent_replies=True,
    token_note=(
        "An access token without a refresh token ends after two hours; then the "
        "account asks to be re-connected"
    ),
    guide="x.md",
)


def _matrix(settings: Mapping[str, str], secret: str) -> Connector:
    return MatrixConnector(
        MatrixCredential.parse(secret),
        homeserver=settings["homeserver"],
        include_rooms=settings.get("include_rooms", "").replace(",", " ").split(),
    )


def _matrix_sign_in(settings: Mapping[str, str], values: Mapping[str, str], token: str) -> SignedIn:
    """Find the homeserver's client API, then: a password signs in afresh (a new
    device); a token is asked which device it is."""
    found = {**settings, "homeserver": discover(settings["homeserver"])}
    password = values.get("password", "")
    if password:
        credential = matrix_sign_in(found["homeserver"], values.get("user", ""), password)
        return SignedIn(credential.dumps(), new_session=True, settings=found)
    connector = MatrixConnector(MatrixCredential.parse(token), homeserver=found["homeserver"])
    try:
        identity = connector.check()
        return SignedIn(connector.credential.dumps(), settings=found, identity=identity)
    finally:
        connector.close()


MATRIX = ConnectorKind(
    name="matrix",
    platform=Platform.MATRIX,
    title="Matrix (and bridged WhatsApp, LinkedIn, Signal…)",
    summary=(
        "Direct chats of a Matrix account, and the chats bridges bring in from WhatsApp, "
        "LinkedIn, Signal and others, each with its network's badge."
    ),
    fields=(
        Field(
            "homeserver",
            "Homeserver",
            help="Your homeserver's address, as your Matrix app shows it.",
            placeholder="https://matrix.example.org",
            required=True,
        ),
        Field("user", "User name", placeholder="@you:example.org or you"),
        Field(
            "password",
            "Password",
            help="Used once to sign in and kept nowhere: DMDesk keeps the session's "
            "access token in your keyring.",
            transient=True,
        ),
        Field(
            "token",
            "Access token",
            help="Instead of a password: in Element, Settings → Help & About → Access token.",
            placeholder="syt_…",
            secret=True,
        ),
        Field(
            "include_rooms",
            "Group rooms too",
            help="Direct and bridged chats always come in. To see a group room as well, "
            "give its address or id here (#orders:example.org), separated by commas.",
            placeholder="#orders:example.org, !abc123:example.org",
            advanced=True,
        ),
    ),
    make=_matrix,
    sign_in=_matrix_sign_in,
    one_of=(("token",), ("user", "password")),
    shares_read_state=True,
    token_note="The session lasts until it is signed out (removing the account does)",
    guide="matrix.md",
)

KINDS: dict[str, ConnectorKind] = {
    kind.name: kind for kind in (TELEGRAM, INSTAGRAM, MESSENGER, X, MATRIX)
}
"""Every kind a user can add, by ``Account.connector``."""
