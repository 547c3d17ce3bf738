"""Accounts, their connector settings, status and sync cursors. Never a secret."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dmdesk.domain import Account, AccountStatus, Platform
from dmdesk.store.schema import AccountRow


def add_account(
    session: Session,
    platform: Platform,
    display_name: str,
    handle: str,
    connector: str,
    settings: Mapping[str, str] | None = None,
    credential_key: str = "",
) -> Account:
    now = datetime.now(UTC)
    row = AccountRow(
        platform=platform.value,
        display_name=display_name,
        handle=handle,
        connector=connector,
        status=AccountStatus.CONNECTED.value,
        created_at=now,
        credential_renewed_at=now if credential_key else None,
        settings=dict(settings or {}),
        credential_key=credential_key,
        status_detail="",
    )
    session.add(row)
    session.flush()
    return _account(row)


def update_account(
    session: Session,
    account_id: int,
    display_name: str,
    handle: str,
    settings: Mapping[str, str],
    *,
    new_credential: bool = False,
) -> Account:
    """After a re-connect or an edit: new identity and settings, status reset;
    with ``new_credential``, a new token whose age starts now."""
    row = session.get_one(AccountRow, account_id)
    if new_credential:
        row.credential_renewed_at = datetime.now(UTC)
        row.credential_expires_at = None  # the platform's lifetime, from now: sync says
    row.display_name = display_name
    row.handle = handle
    row.settings = dict(settings)
    row.status = AccountStatus.CONNECTED.value
    row.status_detail = ""
    row.retry_at = None
    return _account(row)


def set_credential_key(session: Session, account_id: int, key: str) -> None:
    session.get_one(AccountRow, account_id).credential_key = key


def remove_account(session: Session, account_id: int) -> None:
    """The account and, through the foreign keys, its conversations and messages."""
    session.execute(delete(AccountRow).where(AccountRow.id == account_id))


def get_account(session: Session, account_id: int) -> Account | None:
    row = session.get(AccountRow, account_id)
    return None if row is None else _account(row)


def list_accounts(session: Session) -> list[Account]:
    return [_account(row) for row in session.scalars(select(AccountRow).order_by(AccountRow.id))]


def sync_cursor(session: Session, account_id: int) -> str | None:
    return session.scalar(select(AccountRow.sync_cursor).where(AccountRow.id == account_id))


def set_sync_cursor(session: Session, account_id: int, cursor: str) -> None:
    row = session.get_one(AccountRow, account_id)
    row.sync_cursor = cursor


def set_status(
    session: Session,
    account_id: int,
    status: AccountStatus,
    detail: str = "",
    retry_at: datetime | None = None,
) -> None:
    row = session.get(AccountRow, account_id)
    if row is None:  # removed while its poller was finishing
        return
    row.status = status.value
    row.status_detail = detail
    row.retry_at = retry_at


def change_settings(session: Session, account_id: int, changes: Mapping[str, str | None]) -> None:
    """What sync learnt about an account (a Telegram Business connection): each
    setting set, or taken away where None."""
    row = session.get(AccountRow, account_id)
    if row is None:
        return
    settings = dict(row.settings or {})
    for name, value in changes.items():
        if value is None:
            settings.pop(name, None)
        else:
            settings[name] = value
    row.settings = settings


def set_synced(session: Session, account_id: int, at: datetime) -> None:
    row = session.get(AccountRow, account_id)
    if row is not None:
        row.synced_at = at


def set_credential_times(
    session: Session, account_id: int, renewed_at: datetime, expires_at: datetime | None
) -> None:
    """A credential just saved or renewed, and when it ends (None: it does not)."""
    row = session.get(AccountRow, account_id)
    if row is not None:
        row.credential_renewed_at = renewed_at
        row.credential_expires_at = expires_at


def _account(row: AccountRow) -> Account:
    return Account(
        id=row.id,
        platform=Platform(row.platform),
        display_name=row.display_name,
        handle=row.handle,
        status=AccountStatus(row.status),
        connector=row.connector,
        settings=tuple(sorted((str(k), str(v)) for k, v in (row.settings or {}).items())),
        credential_key=row.credential_key,
        status_detail=row.status_detail,
        retry_at=row.retry_at,
        synced_at=row.synced_at,
        credential_renewed_at=row.credential_renewed_at,
        credential_expires_at=row.credential_expires_at,
    )
