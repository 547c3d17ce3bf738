"""The services of one open workspace, built together off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dmdesk.domain import Account
from dmdesk.secrets import CredentialStore
from dmdesk.services.accounts import AccountService
from dmdesk.services.downloads import DownloadService
from dmdesk.services.forgetting import PersonForgetting
from dmdesk.services.import_media import MEDIA_LIMIT_BYTES
from dmdesk.services.importing import ImportService
from dmdesk.services.inbox import InboxService
from dmdesk.services.people import PeopleService
from dmdesk.services.quick_replies import QuickReplyService
from dmdesk.services.saved_views import SavedViewService
from dmdesk.services.sync import SyncEngine, SyncListener
from dmdesk.services.thumbnail_cache import THUMBNAILS_FOLDER, ThumbnailCache
from dmdesk.services.workers import Workers
from dmdesk.store import accounts as account_store
from dmdesk.store.database import Database, ensure_schema
from dmdesk.store.report_reads import ReportReader
from dmdesk.store.search import SearchReader


@dataclass(frozen=True, slots=True)
class Services:
    database: Database
    inbox: InboxService
    quick_replies: QuickReplyService
    sync: SyncEngine
    connections: AccountService
    accounts: tuple[Account, ...]
    """The accounts when the workspace opened."""
    search: SearchReader
    """Full-text search on a connection of its own (searches run on a worker)."""
    views: SavedViewService
    downloads: DownloadService
    reports: ReportReader
    """The report's reads, on a connection of their own (reports run on a worker)."""
    forgetting: PersonForgetting
    people: PeopleService
    """The People table's CSV out and in."""
    own_workspace: Path | None = None
    """In the demo: the user's own database, where accounts and imports go."""

    def close(self) -> None:
        self.sync.stop()
        self.search.close()
        self.reports.close()

    @property
    def imports_elsewhere(self) -> bool:
        """Whether an import goes to another workspace (from the demo, the user's own)."""
        return self.own_workspace is not None

    def import_service(self, media_limit: int = MEDIA_LIMIT_BYTES) -> ImportService:
        """Imports go to this workspace, or from the demo to the user's own one (the
        invented customers and a real history do not mix). Close it when done."""
        if self.own_workspace is None:
            return ImportService(self.database, self.database.path.parent, media_limit=media_limit)
        ensure_schema(self.own_workspace)
        return ImportService(
            Database(self.own_workspace),
            self.own_workspace.parent,
            owns_database=True,
            media_limit=media_limit,
        )


def build_services(
    path: Path,
    workers: Workers,
    listener: SyncListener,
    credentials: CredentialStore | None = None,
    own_workspace: Path | None = None,
    thumbnails: ThumbnailCache | None = None,
) -> Services:
    """Open the store with SQLAlchemy and wire the services (imports take ~0.3 s,
    which is why the app runs this on the writer lane after the window shows).
    Syncing starts with ``connections.start_sync()``, off the GUI thread.
    ``own_workspace``: when this is the demo, the database new accounts go to.
    ``thumbnails``: the window's cache of them (forgetting a person empties it)."""
    database = Database(path)
    with database.transaction() as session:
        accounts = tuple(account_store.list_accounts(session))
    credentials = credentials or CredentialStore()
    sync = SyncEngine(database, workers, listener, credentials=credentials)
    search = SearchReader(path)
    return Services(
        database,
        InboxService(database),
        QuickReplyService(database),
        sync,
        AccountService(
            database,
            credentials,
            sync,
            workers,
            own_workspace=own_workspace,
        ),
        accounts,
        search,
        SavedViewService(database, search),
        DownloadService(database, workers, sync, path.parent),
        ReportReader(path),
        PersonForgetting(
            database,
            path.parent,
            thumbnails or ThumbnailCache(path.parent / THUMBNAILS_FOLDER),
        ),
        PeopleService(database),
        own_workspace,
    )
