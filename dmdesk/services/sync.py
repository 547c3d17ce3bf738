"""The sync engine: connectors fetch on their own threads, the store is written
on the single writer lane, and a listener hears what changed."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Protocol

from dmdesk.connectors.base import (
    AuthExpired,
    Connector,
    ConnectorError,
    PermanentError,
    RateLimited,
)
from dmdesk.domain import (
    Account,
    AccountStatus,
    Attachment,
    FetchResult,
    IngestResult,
    MessageStatus,
)
from dmdesk.services.workers import Workers
from dmdesk.store import accounts as account_store
from dmdesk.store import messages as message_store
from dmdesk.store.database import Database

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
MAX_BACKOFF_SECONDS = 300.0


def utc_now() -> datetime:
    return datetime.now(UTC)


class SyncListener(Protocol):
    """Told about changes; called from worker threads."""

    def messages_ingested(self, account_id: int, result: IngestResult) -> None: ...

    def message_status_changed(self, message_ids: tuple[int, ...]) -> None: ...

    def account_status_changed(
        self, account_id: int, status: AccountStatus, detail: str
    ) -> None: ...


class SyncEngine:
    def __init__(
        self,
        database: Database,
        workers: Workers,
        listener: SyncListener,
        clock: Clock = utc_now,
    ) -> None:
        self._database = database
        self._workers = workers
        self._listener = listener
        self._clock = clock
        self._connectors: dict[int, Connector] = {}
        self._accounts: dict[int, Account] = {}
        self._stopping = threading.Event()

    def start(self, accounts: Mapping[Account, Connector]) -> None:
        for account, connector in accounts.items():
            self._accounts[account.id] = account
            self._connectors[account.id] = connector
            self._workers.start_loop(f"dmdesk-sync-{account.id}", partial(self._poll_loop, account))

    def stop(self) -> None:
        self._stopping.set()

    # --- receiving -----------------------------------------------------------------

    def sync_once(self, account: Account) -> IngestResult:
        """One fetch and its write; raises the connector's errors."""
        connector = self._connectors[account.id]
        cursor = self._read_cursor(account.id)
        fetched = connector.fetch(cursor)
        return self._workers.write(lambda: self._store(account, fetched)).result()

    def _poll_loop(self, account: Account) -> None:
        connector = self._connectors[account.id]
        failures = 0
        while not self._stopping.is_set():
            wait = connector.poll_interval_seconds()
            try:
                self.sync_once(account)
                failures = 0
            except AuthExpired as error:
                self._set_status(account, AccountStatus.NEEDS_RECONNECT, str(error))
                return  # never retry a dead token; the user re-connects
            except RateLimited as error:
                wait = max(1.0, (error.retry_at - self._clock()).total_seconds())
                self._set_status(account, AccountStatus.RATE_LIMITED, str(error))
            except PermanentError as error:
                log.warning("sync of account %s stopped: %s", account.id, error)
                self._set_status(account, AccountStatus.OFFLINE, str(error))
                return
            except ConnectorError as error:
                failures += 1
                wait = min(MAX_BACKOFF_SECONDS, wait * 2**failures)
                self._set_status(account, AccountStatus.OFFLINE, str(error))
            except Exception:
                log.exception("sync of account %s failed", account.id)
                failures += 1
                wait = min(MAX_BACKOFF_SECONDS, wait * 2**failures)
            self._stopping.wait(wait)

    def _read_cursor(self, account_id: int) -> str | None:
        with self._database.transaction() as session:
            return account_store.sync_cursor(session, account_id)

    def _store(self, account: Account, fetched: FetchResult) -> IngestResult:
        with self._database.transaction() as session:
            result = message_store.ingest(
                session, account.id, account.platform, fetched.messages, self._clock()
            )
            changed = message_store.apply_status_updates(
                session, account.id, fetched.status_updates
            )
            if fetched.cursor is not None:
                account_store.set_sync_cursor(session, account.id, fetched.cursor)
        if result.new_message_ids or result.updated_message_ids:
            self._listener.messages_ingested(account.id, result)
        if changed:
            self._listener.message_status_changed(tuple(changed))
        return result

    def _set_status(self, account: Account, status: AccountStatus, detail: str) -> None:
        def write() -> None:
            with self._database.transaction() as session:
                account_store.set_status(session, account.id, status)

        self._workers.write(write).result()
        self._listener.account_status_changed(account.id, status, detail)

    # --- sending -------------------------------------------------------------------

    def add_reply(
        self, conversation_id: int, text: str, attachments: Sequence[Attachment] = ()
    ) -> int:
        """Store a reply as pending and hand it to the network pool; returns its id.
        Runs on the writer lane, so the reply is on disk before any network call."""
        with self._database.transaction() as session:
            message_id = message_store.add_outgoing(
                session, conversation_id, text, uuid.uuid4().hex, self._clock(), attachments
            )
        self._workers.network.submit(self._send, message_id)
        return message_id

    def _send(self, message_id: int) -> None:
        with self._database.transaction() as session:
            account_id, outgoing = message_store.outgoing(session, message_id)
        connector = self._connectors.get(account_id)
        try:
            if connector is None:
                raise PermanentError("This account is not connected.")
            platform_id = connector.send(outgoing)
        except ConnectorError as error:
            log.warning("sending message %s failed: %s", message_id, error)
            self._workers.write(lambda: self._mark(message_id, None)).result()
        else:
            self._workers.write(lambda: self._mark(message_id, platform_id)).result()
        self._listener.message_status_changed((message_id,))

    def _mark(self, message_id: int, platform_id: str | None) -> MessageStatus:
        with self._database.transaction() as session:
            if platform_id is None:
                message_store.mark_failed(session, message_id)
                return MessageStatus.FAILED
            message_store.mark_sent(session, message_id, platform_id)
            return MessageStatus.SENT
