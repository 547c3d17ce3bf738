"""The sync engine: connectors fetch on their own threads, the store is written
on the single writer lane, and a listener hears what changed."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Protocol

from dmdesk.connectors.base import (
    AuthExpired,
    Connector,
    ConnectorError,
    NotSent,
    PermanentError,
    RateLimited,
)
from dmdesk.domain import (
    Account,
    AccountStatus,
    Attachment,
    FetchResult,
    IngestResult,
    OutgoingMessage,
)
from dmdesk.secrets import CredentialStore
from dmdesk.services.away_answering import answer_while_away
from dmdesk.services.away_message import AwayPlan
from dmdesk.services.business_connections import remember_business_connection
from dmdesk.services.credential_renewal import CredentialRenewal
from dmdesk.services.missed_updates import missed_updates
from dmdesk.services.outgoing_files import OUTGOING_FOLDER, kept_copies
from dmdesk.services.workers import Workers
from dmdesk.store import accounts as account_store
from dmdesk.store import messages as message_store
from dmdesk.store import outbox
from dmdesk.store.database import Database
from dmdesk.store.storable import storable

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
MAX_BACKOFF_SECONDS = 120.0
"""Longest wait between two fetches of an account that cannot be reached."""
SEND_BACKOFF = (2.0, 120.0)
"""First and longest wait between two attempts at a reply the network refused."""
OUTBOX_IDLE_WAIT_S = 60.0
OUTBOX_BATCH = 16
FIND_SENT_SLACK = timedelta(minutes=5)
"""How far before an attempt a reply found in its chat may be dated: the
platform's clock is not this computer's."""
CHECK_NOW_TIMEOUT_S = 40.0
"""Longer than a long poll (Telegram's 25 s, Matrix's 30 s) the check may cut into."""
SEND_GRACE_S = 5.0
"""How long quitting waits for replies in flight, so what the platform confirmed is
written (the window is hidden by then)."""
"""Replies handed to the network pool per pass; each finished one wakes the next pass."""


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
    """Runs every account's poller and the outbox.

    Pollers fetch on their own threads and write on the writer lane. The outbox
    thread claims replies that are due (one attempt in flight per reply) and
    sends them on the network pool; a refused attempt is retried with backoff,
    or as late as the platform asks, until it goes or fails for good.
    """

    def __init__(
        self,
        database: Database,
        workers: Workers,
        listener: SyncListener,
        clock: Clock = utc_now,
        send_backoff: tuple[float, float] = SEND_BACKOFF,
        credentials: CredentialStore | None = None,
    ) -> None:
        """``credentials``: the keyring, where renewed tokens go (none: never renewed)."""
        self._database = database
        self._workers = workers
        self._listener = listener
        self._clock = clock
        self._send_backoff = send_backoff
        self._connectors: dict[int, Connector] = {}
        self._accounts: dict[int, Account] = {}
        self._account_stops: dict[int, threading.Event] = {}
        self._pollers_done: dict[int, threading.Event] = {}
        self._nudges: dict[int, threading.Event] = {}
        """Set to cut a poller's wait short: it stops, or its platform answered a send."""
        self._stopping = threading.Event()
        self._outbox_wake = threading.Event()
        self._outbox_started = False
        self._in_flight: dict[int, int] = {}
        """Replies handed to the network pool: message id -> account id."""
        self._retiring: dict[int, Connector] = {}
        """Connectors let go of while a reply of theirs is in flight: closed after it."""
        self._lock = threading.Lock()
        self._sends_done = threading.Condition(self._lock)
        self._rounds: dict[int, int] = {}
        """Fetches tried per account, so Check now can wait for the next one."""
        self._round_done = threading.Condition(self._lock)
        self._away: AwayPlan | None = None
        """The away message, while it is on (set from the GUI thread, read on the writer lane)."""
        self.renewal = CredentialRenewal(database, workers, credentials, clock)

    def set_away_message(self, plan: AwayPlan | None) -> None:
        """Answer customers while the shop is closed with ``plan``; None: don't."""
        self._away = plan

    def start(self, accounts: Mapping[Account, Connector]) -> None:
        self._recover_interrupted_sends(accounts)
        for account, connector in accounts.items():
            self.add_account(account, connector)
        self._ensure_outbox()

    def add_account(self, account: Account, connector: Connector) -> None:
        """Start syncing an account (at start-up, or once the user has added it)."""
        self.remove_account(account.id)
        stop, done, nudge = threading.Event(), threading.Event(), threading.Event()
        with self._lock:
            self._accounts[account.id] = account
            self._connectors[account.id] = connector
            self._account_stops[account.id] = stop
            self._pollers_done[account.id] = done
            self._nudges[account.id] = nudge
        self._workers.start_loop(
            f"dmdesk-sync-{account.id}",
            partial(self._poll_loop, account, connector, stop, done, nudge),
        )
        self._wake_outbox()

    def remove_account(self, account_id: int) -> None:
        """Stop an account's poller and sends; its connector is closed once the poller
        lets go (at once if it had stopped already, as after an expired token)."""
        with self._lock:
            stop = self._account_stops.pop(account_id, None)
            done = self._pollers_done.pop(account_id, None)
            nudge = self._nudges.pop(account_id, None)
            connector = self._connectors.pop(account_id, None)
            self._accounts.pop(account_id, None)
        if stop is not None:
            stop.set()
        if nudge is not None:
            nudge.set()
        if connector is not None and done is not None and done.is_set():
            self._close_when_idle(account_id, connector)

    def check_now(self, account_id: int, timeout_s: float = CHECK_NOW_TIMEOUT_S) -> None:
        """Accounts → Check now (network pool): fetch at once and return when that
        fetch is over. A poller waiting between fetches is woken; one that had
        stopped (a refused request) starts again, on the same connector."""
        with self._lock:
            account = self._accounts.get(account_id)
            connector = self._connectors.get(account_id)
            stop = self._account_stops.get(account_id)
            done = self._pollers_done.get(account_id)
            nudge = self._nudges.get(account_id)
            before = self._rounds.get(account_id, 0)
        if account is None or connector is None or stop is None or nudge is None:
            return
        if done is not None and done.is_set():
            again = threading.Event()
            with self._lock:
                self._pollers_done[account_id] = again
            self._workers.start_loop(
                f"dmdesk-sync-{account_id}",
                partial(self._poll_loop, account, connector, stop, again, nudge),
            )
        else:
            nudge.set()
        with self._round_done:
            self._round_done.wait_for(
                lambda: self._rounds.get(account_id, 0) > before or stop.is_set(), timeout_s
            )

    def connector(self, account_id: int) -> Connector | None:
        """The running connector of an account, for work besides sync (a download)."""
        with self._lock:
            return self._connectors.get(account_id)

    def read_here(self, newest: Sequence[tuple[int, str, str]]) -> None:
        """The shop read these chats in DMDesk, each (account id, platform
        conversation id, its newest message from the customer): tell platforms that
        keep read state for the shop's other apps, so the phone stops showing them
        unread. For the network pool; a refusal is only logged."""
        for account_id, conversation_key, message_key in newest:
            connector = self.connector(account_id)
            if connector is None:
                continue  # an account that is not running
            try:
                connector.mark_read(conversation_key, message_key)
            except (ConnectorError, RuntimeError) as error:  # RuntimeError: closed as it ran
                log.info("could not tell account %s a chat was read: %s", account_id, error)

    def stop(self, grace_s: float = SEND_GRACE_S) -> None:
        """Stop every poller and the outbox. Replies already in flight get up to
        ``grace_s`` to hear back, so that what the platform confirmed is written and
        not left "may have gone out" for the next start."""
        self._stopping.set()
        self._outbox_wake.set()
        with self._lock:
            account_ids = list(self._account_stops)
        for account_id in account_ids:
            self.remove_account(account_id)
        with self._sends_done:
            self._sends_done.wait_for(lambda: not self._in_flight, timeout=grace_s)

    def _close_when_idle(self, account_id: int, connector: Connector) -> None:
        """Close a connector now, or after the replies it is sending have heard back."""
        with self._lock:
            if account_id in self._in_flight.values():
                self._retiring[account_id] = connector
                return
        connector.close()

    # --- receiving -----------------------------------------------------------------

    def sync_once(self, account: Account) -> IngestResult:
        """One fetch and its write; raises the connector's errors."""
        connector = self._connectors[account.id]
        return self._sync_with(account, connector)

    def _sync_with(
        self, account: Account, connector: Connector, *, first: bool = False
    ) -> IngestResult:
        cursor = self._read_cursor(account.id)
        fetched = connector.catch_up(cursor) if first else connector.fetch(cursor)
        return self._workers.write(lambda: self._store(account, fetched)).result()

    def _poll_loop(
        self,
        account: Account,
        connector: Connector,
        stop: threading.Event,
        done: threading.Event,
        nudge: threading.Event,
    ) -> None:
        try:
            self._poll(account, connector, stop, nudge)
        finally:
            done.set()
            self._round_over(account.id)  # one that gave up has had its last round
            # A poller that gave up (expired token) leaves the connector to the
            # outbox; one that was told to stop closes it.
            if stop.is_set() or self._stopping.is_set():
                self._close_when_idle(account.id, connector)

    def _round_over(self, account_id: int) -> None:
        with self._round_done:
            self._rounds[account_id] = self._rounds.get(account_id, 0) + 1
            self._round_done.notify_all()

    def _poll(
        self,
        account: Account,
        connector: Connector,
        stop: threading.Event,
        nudge: threading.Event,
    ) -> None:
        failures = 0
        status: AccountStatus | None = None

        def tell(new: AccountStatus, detail: str = "", retry_at: datetime | None = None) -> None:
            nonlocal status
            if stop.is_set() or self._stopping.is_set():
                return  # a long poll cut off by stopping: the account is being let go
            if new is not status or new is not AccountStatus.CONNECTED:
                status = new
                self._set_status(account, new, detail, retry_at)

        tell(AccountStatus.SYNCING, "Catching up")
        caught_up = False
        last_synced = self._synced_at(account.id)
        warning = ""  # what the owner should know although it works (a gap in its history)
        while not (stop.is_set() or self._stopping.is_set()):
            wait = connector.poll_interval_seconds()
            try:
                self.renewal.renew_if_due(account, connector)
                self._sync_with(account, connector, first=not caught_up)
                if not caught_up:
                    warning = missed_updates(
                        account.platform.label,
                        last_synced,
                        self._clock(),
                        connector.keeps_updates_for,
                    )
                caught_up = True
            except AuthExpired as error:
                tell(AccountStatus.NEEDS_RECONNECT, str(error))
                return  # never retry a dead token; the user re-connects
            except RateLimited as error:
                wait = max(1.0, (error.retry_at - self._clock()).total_seconds())
                tell(AccountStatus.RATE_LIMITED, str(error), error.retry_at)
            except PermanentError as error:
                log.warning("sync of account %s stopped: %s", account.id, error)
                tell(AccountStatus.OFFLINE, str(error))
                return
            except ConnectorError as error:
                failures += 1
                wait = min(MAX_BACKOFF_SECONDS, max(wait, 1.0) * 2**failures)
                tell(AccountStatus.OFFLINE, str(error), self._clock() + timedelta(seconds=wait))
            except Exception:
                if stop.is_set() or self._stopping.is_set():
                    return
                log.exception("sync of account %s failed", account.id)
                failures += 1
                wait = min(MAX_BACKOFF_SECONDS, max(wait, 1.0) * 2**failures)
            else:
                if status is not AccountStatus.CONNECTED:
                    if status is not AccountStatus.SYNCING:
                        self._account_is_back(account.id)
                    tell(AccountStatus.CONNECTED, warning)
                failures = 0
            self._round_over(account.id)
            nudge.wait(wait)
            nudge.clear()

    def _synced_at(self, account_id: int) -> datetime | None:
        with self._database.transaction() as session:
            account = account_store.get_account(session, account_id)
        return account.synced_at if account is not None else None

    def _read_cursor(self, account_id: int) -> str | None:
        with self._database.transaction() as session:
            return account_store.sync_cursor(session, account_id)

    def _store(self, account: Account, fetched: FetchResult) -> IngestResult:
        # A field SQLite refuses would fail the write, and the same batch would come
        # back forever: it is cleaned instead, and the rest goes in as it is.
        fetched = storable(fetched)
        with self._database.transaction() as session:
            result = message_store.ingest(
                session, account.id, account.platform, fetched.messages, self._clock()
            )
            changed = message_store.apply_status_updates(
                session, account.id, fetched.status_updates
            )
            reacted = message_store.add_reactions(session, account.id, fetched.reactions)
            read_elsewhere = message_store.read_up_to(session, account.id, fetched.read_up_to)
            if fetched.cursor is not None:
                account_store.set_sync_cursor(session, account.id, fetched.cursor)
            account_store.set_synced(session, account.id, self._clock())
            for connection in fetched.business_connections:
                remember_business_connection(session, account.id, connection)
            away = self._away
            if away is not None and result.new_message_ids:
                # In this transaction: the customer's message and its answer are
                # stored together, so the answer goes once, whatever happens next.
                answers = answer_while_away(
                    session,
                    away,
                    result.touched_conversation_ids,
                    result.new_message_ids,
                    self._clock(),
                )
                result = replace(result, away_message_ids=answers)
        if result.away_message_ids:
            self._ensure_outbox()
        if reacted or read_elsewhere:
            touched = (*(conversation for _message, conversation in reacted), *read_elsewhere)
            updated = tuple(message for message, _conversation in reacted)
            result = replace(
                result,
                touched_conversation_ids=tuple(
                    dict.fromkeys(result.touched_conversation_ids + touched)
                ),
                updated_message_ids=tuple(dict.fromkeys(result.updated_message_ids + updated)),
            )
        if result.new_message_ids or result.updated_message_ids or read_elsewhere:
            self._listener.messages_ingested(account.id, result)
        if changed:
            self._listener.message_status_changed(tuple(changed))
        return result

    def _set_status(
        self,
        account: Account,
        status: AccountStatus,
        detail: str = "",
        retry_at: datetime | None = None,
    ) -> None:
        def write() -> None:
            with self._database.transaction() as session:
                account_store.set_status(session, account.id, status, detail, retry_at)

        self._workers.write(write).result()
        self._listener.account_status_changed(account.id, status, detail)

    def _account_is_back(self, account_id: int) -> None:
        """Fetching works again: replies waiting out a backoff for it go now."""

        def write() -> None:
            with self._database.transaction() as session:
                outbox.reschedule_account(session, account_id, self._clock())

        self._workers.write(write).result()
        self._wake_outbox()

    # --- sending -------------------------------------------------------------------

    def add_reply(
        self,
        conversation_id: int,
        text: str,
        attachments: Sequence[Attachment] = (),
        messaging_tag: str = "",
        send_at: datetime | None = None,
        *,
        answered: int | None = None,
    ) -> int:
        """Store a reply as pending, in the outbox; returns its id. ``answered``: the
        message it replies to, whose platform id goes with it. With ``send_at``
        the outbox holds it until then (a restart or a crash in between changes
        nothing: it is on disk, and goes once). Runs on the writer lane, so the
        reply is on disk before any network call. Its files are copied into the
        workspace first: the reply must not depend on where the originals are."""
        if attachments:
            folder = Path(self._database.path).parent / OUTGOING_FOLDER
            attachments = kept_copies(attachments, folder)
        now = self._clock()
        with self._database.transaction() as session:
            reply_to = message_store.platform_id_of(session, answered) if answered else ""
            message_id = message_store.add_outgoing(
                session,
                conversation_id,
                text,
                uuid.uuid4().hex,
                now,
                attachments,
                messaging_tag,
                send_at=send_at,
                reply_to=reply_to,
            )
        self._ensure_outbox()
        return message_id

    def cancel_scheduled(self, message_id: int) -> str | None:
        """Take back a reply sent later (writer lane); its text, or None if it went."""
        with self._database.transaction() as session:
            return message_store.cancel_scheduled(session, message_id)

    def release_scheduled(self, message_id: int, *, at_once: bool) -> bool:
        """Send a held or scheduled reply anyway: at its time, or ``at_once``."""
        with self._database.transaction() as session:
            released = outbox.release(session, message_id, self._clock(), at_once=at_once)
        if released:
            self._ensure_outbox()
        return released

    def retry(self, message_id: int) -> bool:
        """Put a failed reply back in the outbox (writer lane)."""
        with self._database.transaction() as session:
            retried = outbox.retry(session, message_id, self._clock())
        if retried:
            self._ensure_outbox()
        return retried

    def discard(self, message_id: int) -> bool:
        """Delete a failed reply for good (writer lane)."""
        with self._database.transaction() as session:
            return message_store.discard_failed(session, message_id)

    def _ensure_outbox(self) -> None:
        with self._lock:
            start = not self._outbox_started
            self._outbox_started = True
        if start:
            self._workers.start_loop("dmdesk-outbox", self._outbox_loop)
        self._wake_outbox()

    def _nudge(self, account_id: int) -> None:
        with self._lock:
            nudge = self._nudges.get(account_id)
        if nudge is not None:
            nudge.set()

    def _wake_outbox(self) -> None:
        self._outbox_wake.set()

    def _outbox_loop(self) -> None:
        while not self._stopping.is_set():
            self._outbox_wake.clear()
            try:
                due, next_at = self._workers.write(self._due).result()
            except Exception:
                log.exception("the outbox could not read what is due")
                due, next_at = [], None
            for entry in due:
                with self._lock:
                    self._in_flight[entry.message_id] = entry.account_id
                self._workers.network.submit(self._attempt, entry)
            wait = OUTBOX_IDLE_WAIT_S
            if next_at is not None:
                wait = min(wait, (next_at - self._clock()).total_seconds())
            if not due:  # with a full batch out, the next pass starts at the next wake
                self._outbox_wake.wait(max(0.01, wait))
            else:
                self._outbox_wake.wait(max(0.01, min(wait, 1.0)))

    def _due(self) -> tuple[list[outbox.OutboxEntry], datetime | None]:
        with self._lock:
            account_ids = set(self._connectors)
            in_flight = set(self._in_flight)  # the message ids
        with self._database.transaction() as session:
            return outbox.due(session, self._clock(), account_ids, in_flight, OUTBOX_BATCH)

    def _attempt(self, entry: outbox.OutboxEntry) -> None:
        try:
            self._attempt_once(entry)
        finally:
            retired = None
            with self._lock:
                self._in_flight.pop(entry.message_id, None)
                if entry.account_id not in self._in_flight.values():
                    retired = self._retiring.pop(entry.account_id, None)
                self._sends_done.notify_all()
            if retired is not None:
                retired.close()
            self._wake_outbox()

    def _claim(self, message_id: int) -> bool:
        with self._database.transaction() as session:
            return outbox.begin_attempt(session, message_id, self._clock())

    def _attempt_once(self, entry: outbox.OutboxEntry) -> None:
        message_id = entry.message_id
        with self._lock:
            connector = self._connectors.get(entry.account_id)
        # Claimed on disk just before the call: if DMDesk stops now, the next start
        # knows this attempt may have reached the platform. Once quitting has begun,
        # nothing new starts.
        if self._stopping.is_set():
            return
        if connector is None:
            return
        if not self._workers.write(lambda: self._claim(message_id)).result():
            self._listener.message_status_changed((message_id,))  # held, perhaps
            return
        with self._database.transaction() as session:
            stored = message_store.outgoing(session, message_id)
        if stored is None:
            return  # deleted since it was claimed
        outgoing = replace(stored[1], messaging_tag=entry.messaging_tag)
        attempts = entry.attempts + 1
        began = self._clock()
        try:
            platform_id = connector.send(outgoing)
        except RateLimited as error:
            self._after_attempt(
                entry, outgoing.client_id, retry_at=error.retry_at, error=str(error)
            )
        except AuthExpired as error:
            self._after_attempt(
                entry, outgoing.client_id, error=f"{error} Then use Retry.", failed=True
            )
        except PermanentError as error:
            self._after_attempt(entry, outgoing.client_id, error=str(error), failed=True)
        except ConnectorError as error:
            if isinstance(error, NotSent) or connector.idempotent_sends:
                wait = min(self._send_backoff[1], self._send_backoff[0] * 2 ** (attempts - 1))
                retry_at = self._clock() + timedelta(seconds=wait)
                log.info("reply %s waits %.1f s: %s", message_id, wait, error)
                self._after_attempt(entry, outgoing.client_id, retry_at=retry_at, error=str(error))
            else:
                self._after_unconfirmed(entry, connector, outgoing, began, str(error))
        except Exception as error:
            log.exception("sending reply %s failed", message_id)
            self._after_attempt(
                entry,
                outgoing.client_id,
                error=f"Unexpected error: {type(error).__name__}",
                failed=True,
            )
        else:
            self._after_attempt(entry, outgoing.client_id, platform_id=platform_id)

    def _after_unconfirmed(
        self,
        entry: outbox.OutboxEntry,
        connector: Connector,
        outgoing: OutgoingMessage,
        began: datetime,
        error: str,
    ) -> None:
        """The request went out and no valid answer came back: the reply may have
        reached the customer. Sending it again on its own could say it twice, so
        where the platform can tell, look for it in the chat; else the owner checks
        and decides."""
        found = self._look_for(connector, outgoing, began)
        if found is not None:
            self._after_attempt(entry, outgoing.client_id, platform_id=found)
            return
        platform = connector.platform.label
        self._after_attempt(
            entry,
            outgoing.client_id,
            error=f"{error} The reply may have gone out anyway. Check the chat on {platform} "
            "(or use Check again); Retry sends it again.",
            failed=True,
        )

    @staticmethod
    def _look_for(connector: Connector, outgoing: OutgoingMessage, since: datetime) -> str | None:
        try:
            return connector.find_sent(outgoing, since - FIND_SENT_SLACK)
        except ConnectorError as error:
            log.info("could not look for reply %s in its chat: %s", outgoing.message_id, error)
            return None

    def check_sent(self, message_id: int) -> bool:
        """For a reply that may have gone out (network pool): look for it in its chat,
        and mark it sent if it is there. False if it is not, or cannot be looked for."""
        with self._database.transaction() as session:
            stored = message_store.outgoing(session, message_id)
            sent_at = message_store.sent_at(session, message_id) if stored else None
        if stored is None or sent_at is None:
            return False
        account_id, outgoing = stored
        with self._lock:
            connector = self._connectors.get(account_id)
        if connector is None:
            return False
        found = self._look_for(connector, outgoing, sent_at)
        if found is None:
            return False

        def write() -> bool:
            with self._database.transaction() as session:
                if not message_store.is_reply(session, message_id, outgoing.client_id):
                    return False
                message_store.mark_sent(session, message_id, found, self._clock())
                outbox.delivered(session, message_id)
                return True

        if not self._workers.write(write).result():
            return False
        self._listener.message_status_changed((message_id,))
        return True

    def _after_attempt(
        self,
        entry: outbox.OutboxEntry,
        client_id: str,
        *,
        platform_id: str | None = None,
        retry_at: datetime | None = None,
        error: str = "",
        failed: bool = False,
    ) -> None:
        message_id = entry.message_id

        def write() -> None:
            with self._database.transaction() as session:
                if not message_store.is_reply(session, message_id, client_id):
                    log.info("reply %s was deleted while it was being sent", message_id)
                    return
                if platform_id is not None:
                    message_store.mark_sent(session, message_id, platform_id, self._clock())
                    outbox.delivered(session, message_id)
                elif failed:
                    outbox.fail(session, message_id, error)
                else:
                    assert retry_at is not None
                    outbox.schedule_retry(session, message_id, retry_at, error)

        self._workers.write(write).result()
        self._listener.message_status_changed((message_id,))
        if platform_id is not None:
            self._nudge(entry.account_id)  # it answers: a poller in backoff need not wait
        self._wake_outbox()

    def _recover_interrupted_sends(self, accounts: Mapping[Account, Connector]) -> None:
        """Attempts in flight when DMDesk stopped: repeat them only where the platform
        dedupes; elsewhere the reply may have gone out, so the user decides."""
        by_id = {account.id: (account, connector) for account, connector in accounts.items()}

        def write() -> None:
            changed = []
            now = self._clock()
            with self._database.transaction() as session:
                for entry in outbox.interrupted(session):
                    known = by_id.get(entry.account_id)
                    if known is None:
                        continue
                    account, connector = known
                    if connector.idempotent_sends:
                        outbox.schedule_retry(session, entry.message_id, now, "")
                    else:
                        outbox.fail(
                            session,
                            entry.message_id,
                            "DMDesk closed while this reply was being sent, so it may have "
                            f"gone out. Check the chat on {account.platform.label}; "
                            "Retry sends it again.",
                        )
                        changed.append(entry.message_id)

            if changed:
                self._listener.message_status_changed(tuple(changed))

        # Queued on the writer lane before the outbox's first claim, and not waited
        # for: start() runs on the GUI thread.
        self._workers.write(write)
