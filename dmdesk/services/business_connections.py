"""Telegram Business: the owner connects the bot to their business account in
Telegram (Settings → Business → Chatbots), and the bot hears of it. The account
keeps which connection replies go through, whose account it is, and whether the
owner lets the bot reply, so nobody types a connection id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dmdesk.domain import BusinessConnection
from dmdesk.store import accounts as account_store

if TYPE_CHECKING:
    from dmdesk.store.database import UnitOfWork

BUSINESS_SETTINGS = ("business_connection_id", "business_owner", "business_can_reply")
"""What an account keeps of its Telegram Business connection, in its settings."""


def remember_business_connection(
    session: UnitOfWork, account_id: int, connection: BusinessConnection
) -> None:
    """A connection came, changed or went. One that went takes the settings away,
    unless another connection is the account's now."""
    account = account_store.get_account(session, account_id)
    if account is None:
        return
    if not connection.enabled:
        if account.setting("business_connection_id") in ("", connection.connection_id):
            account_store.change_settings(session, account_id, dict.fromkeys(BUSINESS_SETTINGS))
        return
    owner = connection.owner
    account_store.change_settings(
        session,
        account_id,
        {
            "business_connection_id": connection.connection_id,
            "business_owner": owner.handle or owner.display_name,
            "business_can_reply": "yes" if connection.can_reply else "no",
        },
    )
