"""Help → Report a problem: what a helper needs to know about this DMDesk, as
text the owner can paste into an email. Versions, the system, the workspace's
size and schema, and each account's platform and state; never a token, a name,
a message, or the words of an error (they may quote a customer)."""

from __future__ import annotations

import platform
import sqlite3
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from dmdesk import __version__
from dmdesk.domain import Account
from dmdesk.store.database import SCHEMA_HEAD, database_path


def diagnostic_summary(
    accounts: Sequence[Account], data_folder: Path, qt_version: str, *, demo: bool
) -> str:
    database = database_path(data_folder)
    lines = [
        f"DMDesk {__version__}",
        f"Python {platform.python_version()} ({sys.implementation.name})",
        f"Qt {qt_version}, SQLite {sqlite3.sqlite_version}",
        f"System: {platform.platform()}",
        f"Workspace: {'demo' if demo else 'own'}, schema {SCHEMA_HEAD}, {_size(database)}",
        f"Accounts: {len(accounts)}",
    ]
    for number, account in enumerate(accounts, 1):
        facts = [account.platform.label, account.connector, account.status.value]
        if account.synced_at is not None:
            facts.append(f"synced {_when(account.synced_at)}")
        if account.retry_at is not None:
            facts.append(f"retry {_when(account.retry_at)}")
        if account.credential_expires_at is not None:
            facts.append(f"token until {_when(account.credential_expires_at)}")
        if account.setting("business_connection_id"):
            facts.append("Telegram Business connected")
        lines.append(f"  {number}. " + ", ".join(facts))
    return "\n".join(lines) + "\n"


def _size(database: Path) -> str:
    try:
        size = database.stat().st_size
    except OSError:
        return "database not found"
    return f"database {size / 1_000_000:.1f} MB"


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
