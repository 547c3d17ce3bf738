"""Small builders for test data, in domain terms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dmdesk.domain import (
    Account,
    Attachment,
    Direction,
    FetchedMessage,
    Participant,
    Platform,
)
from dmdesk.store import accounts as account_store
from dmdesk.store import messages as message_store
from dmdesk.store.database import Database

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CUSTOMER = Participant("u-1", "Ada Customer", "ada")


def add_account(database: Database, platform: Platform = Platform.INSTAGRAM) -> Account:
    with database.transaction() as session:
        return account_store.add_account(session, platform, "Shop", "@shop", "demo")


def fetched(
    number: int,
    at: datetime,
    conversation: str = "c-1",
    direction: Direction = Direction.INCOMING,
    text: str | None = None,
    person: Participant = CUSTOMER,
    attachments: tuple[Attachment, ...] = (),
) -> FetchedMessage:
    return FetchedMessage(
        platform_conversation_id=conversation,
        platform_message_id=f"m-{conversation}-{number}",
        sender=person if direction is Direction.INCOMING else Participant("me", "Shop"),
        direction=direction,
        text=f"message {number}" if text is None else text,
        sent_at=at + timedelta(minutes=number),
        conversation_title=person.display_name,
        participants=(person,),
        attachments=attachments,
    )


def ingest(database: Database, account: Account, items: list[FetchedMessage], now: datetime):
    with database.transaction() as session:
        return message_store.ingest(session, account.id, account.platform, items, now)
