"""The services of one open workspace, built together off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dmdesk.connectors.base import Connector
from dmdesk.connectors.demo import DemoConnector, DemoSchedule
from dmdesk.domain import Account
from dmdesk.services.inbox import InboxService
from dmdesk.services.quick_replies import QuickReplyService
from dmdesk.services.sync import SyncEngine, SyncListener
from dmdesk.services.workers import Workers
from dmdesk.store import accounts as account_store
from dmdesk.store.database import Database


@dataclass(frozen=True, slots=True)
class Services:
    database: Database
    inbox: InboxService
    quick_replies: QuickReplyService
    sync: SyncEngine
    accounts: tuple[Account, ...]

    def close(self) -> None:
        self.sync.stop()


def build_services(path: Path, workers: Workers, listener: SyncListener) -> Services:
    """Open the store with SQLAlchemy and wire the services (imports take ~0.3 s,
    which is why the app runs this on the writer lane after the window shows)."""
    database = Database(path)
    with database.transaction() as session:
        accounts = tuple(account_store.list_accounts(session))
    return Services(
        database,
        InboxService(database),
        QuickReplyService(database),
        SyncEngine(database, workers, listener),
        accounts,
    )


def connectors_for(accounts: tuple[Account, ...]) -> dict[Account, Connector]:
    """A connector for each account this version can serve."""
    demo = [a for a in accounts if a.connector == "demo"]
    connectors: dict[Account, Connector] = {}
    if demo:
        schedule = DemoSchedule([a.platform for a in demo])
        for account in demo:
            connectors[account] = DemoConnector(account.platform, schedule)
    return connectors
