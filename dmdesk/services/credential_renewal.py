"""Credentials that expire are renewed long before they do (Instagram Login
tokens: 60 days, renewable once a day old). Sync asks before each fetch; once the
token is a little over a day old, the connector trades it for a new one, which
goes to the keyring only, and the account's row keeps when it ends. Renewing
daily costs one request a day and leaves 59 days for DMDesk to be closed,
whatever the age of a token the owner pasted (which cannot be asked).

A renewal the platform refuses outright (revoked, the password changed) is the
account's AuthExpired, raised to sync, which asks the owner to re-connect. One
that fails on the way (network, the keyring locked) is tried again an hour later,
while the token in hand still works.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from dmdesk.connectors.base import AuthExpired, Connector, ConnectorError
from dmdesk.domain import Account
from dmdesk.secrets import CredentialError, CredentialStore
from dmdesk.services.workers import Workers
from dmdesk.store import accounts as account_store
from dmdesk.store.database import Database

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(hours=1)
"""After a renewal that failed on the way, at most: an Instagram token in hand has
weeks left; X's two hours are tried again every ten minutes."""


class CredentialRenewal:
    def __init__(
        self,
        database: Database,
        workers: Workers,
        credentials: CredentialStore | None,
        clock: Callable[[], datetime],
    ) -> None:
        self._database = database
        self._workers = workers
        self._credentials = credentials
        self._clock = clock
        self._not_before: dict[int, datetime] = {}
        """Accounts whose last try failed on the way: not again until then."""
        self._lock = threading.Lock()

    def renew_if_due(self, account: Account, connector: Connector) -> None:
        """Before a fetch: renew the account's credential if it is time. Raises
        AuthExpired where the platform will not renew it."""
        if connector.credential_lifetime is None or self._credentials is None:
            return
        now = self._clock()
        with self._lock:
            if now < self._not_before.get(account.id, now):
                return
        with self._database.transaction() as session:
            stored = account_store.get_account(session, account.id)
        if stored is None:
            return
        since = stored.credential_renewed_at
        if since is not None and now - since < connector.renew_every:
            if stored.credential_expires_at is None:
                # Saved and not renewed yet: it ends a lifetime after it was saved
                # (at the latest; a token pasted when already old ends sooner).
                self._write(account.id, since, since + connector.credential_lifetime)
            return
        try:
            renewed = connector.renew_credential()
            if renewed is None:
                return
            # The connector uses the new token already; the keyring keeps it for the
            # next start. If the keyring refuses, the old one is still there, and
            # the next try saves a newer one.
            self._credentials.save(stored.credential_key, renewed.secret)
        except AuthExpired:
            raise
        except (ConnectorError, CredentialError) as error:
            log.warning("account %s: renewing its credential failed: %s", account.id, error)
            with self._lock:
                # Soon enough to try a few times before the token in hand ends.
                wait = min(RETRY_AFTER, connector.credential_lifetime / 12)
                self._not_before[account.id] = now + wait
            return
        self._write(account.id, now, now + renewed.lasts)
        log.info("account %s: credential renewed for %s", account.id, renewed.lasts)

    def _write(self, account_id: int, renewed_at: datetime, expires_at: datetime | None) -> None:
        def write() -> None:
            with self._database.transaction() as session:
                account_store.set_credential_times(session, account_id, renewed_at, expires_at)

        self._workers.write(write).result()
