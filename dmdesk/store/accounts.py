"""Accounts and their sync cursors."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dmdesk.domain import Account, AccountStatus, Platform
from dmdesk.store.schema import AccountRow


def add_account(
    session: Session, platform: Platform, display_name: str, handle: str, connector: str
) -> Account:
    row = AccountRow(
        platform=platform.value,
        display_name=display_name,
        handle=handle,
        connector=connector,
        status=AccountStatus.CONNECTED.value,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return _account(row)


def list_accounts(session: Session) -> list[Account]:
    return [_account(row) for row in session.scalars(select(AccountRow).order_by(AccountRow.id))]


def sync_cursor(session: Session, account_id: int) -> str | None:
    return session.scalar(select(AccountRow.sync_cursor).where(AccountRow.id == account_id))


def set_sync_cursor(session: Session, account_id: int, cursor: str) -> None:
    row = session.get_one(AccountRow, account_id)
    row.sync_cursor = cursor


def set_status(session: Session, account_id: int, status: AccountStatus) -> None:
    row = session.get_one(AccountRow, account_id)
    row.status = status.value


def _account(row: AccountRow) -> Account:
    return Account(
        id=row.id,
        platform=Platform(row.platform),
        display_name=row.display_name,
        handle=row.handle,
        status=AccountStatus(row.status),
        connector=row.connector,
    )
