"""Adding, re-connecting and removing platform accounts.

The secret goes to the keyring first: if the keyring refuses, nothing is
stored at all. The database keeps the account's settings and the name of its
keyring entry, never the secret.

Every method here may wait on the network or on a keyring prompt, so they run
on the network pool; their database writes go through the writer lane.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from dmdesk.connectors.base import Connector, ConnectorError
from dmdesk.connectors.demo import DEMO_CONNECTOR, DemoConnector, DemoSchedule
from dmdesk.connectors.registry import KINDS, ConnectorKind
from dmdesk.domain import Account, AccountIdentity, AccountStatus
from dmdesk.secrets import (
    CredentialError,
    CredentialStore,
    KeyringUnavailable,
    how_to_get_a_keyring,
    new_credential_key,
)
from dmdesk.services.sync import SyncEngine
from dmdesk.services.workers import Workers
from dmdesk.store import accounts as account_store
from dmdesk.store.database import Database, ensure_schema

log = logging.getLogger(__name__)
ACCOUNTS_FOLDER = "accounts"
"""In the data folder: a folder per account for what its connector keeps."""


AccountKind = ConnectorKind
"""A kind of account (a Telegram bot, Instagram, Matrix...): what its form asks for
and what its platform can do, from the connectors' registry."""


def account_kinds() -> Mapping[str, AccountKind]:
    """Every kind of account that can be added, by the name its accounts keep."""
    return KINDS


def kind_of(account: Account) -> AccountKind | None:
    """The kind an account was added as; None for the demo's and imported histories."""
    return KINDS.get(account.connector)


def is_demo(account: Account) -> bool:
    return account.connector == DEMO_CONNECTOR


def keyring_help() -> str:
    """How to get a keyring on this system, for a window that found none."""
    return how_to_get_a_keyring()


class AccountSetupError(Exception):
    """The form cannot be used as it is; the message says what to change."""


@dataclass(frozen=True, slots=True)
class ConnectionTest:
    """A passed connection test: who the account is, and what Save keeps in the
    keyring (for a password sign-in, the new session's token, not the password)."""

    identity: AccountIdentity
    kind_name: str
    settings: tuple[tuple[str, str], ...]
    secret: str
    new_session: bool = False
    """The test signed in afresh: unless saved, that session is revoked (forget)."""

    def __repr__(self) -> str:  # the secret stays out of logs and tracebacks
        return f"ConnectionTest({self.identity!r}, {self.kind_name!r})"


class AccountService:
    def __init__(
        self,
        database: Database,
        credentials: CredentialStore,
        sync: SyncEngine,
        workers: Workers,
        kinds: Mapping[str, ConnectorKind] = KINDS,
        own_workspace: Path | None = None,
    ) -> None:
        """``own_workspace``: in the demo workspace, the database of the user's own,
        where accounts they add are saved."""
        self._database = database
        self._workers = workers
        self._own_workspace = own_workspace
        self._credentials = credentials
        self._sync = sync
        self._kinds = kinds

    @property
    def keyring_available(self) -> bool:
        return self._credentials.available()

    def accounts(self) -> list[Account]:
        with self._database.transaction() as session:
            return account_store.list_accounts(session)

    # --- the form ------------------------------------------------------------------------

    def check(
        self, kind_name: str, values: Mapping[str, str], account_id: int | None = None
    ) -> ConnectionTest:
        """Test connection (network pool): who these credentials belong to. Save
        takes the answer, so a password is used once, here, and never again."""
        kind, settings, secret = self._read_form(kind_name, values, account_id)
        new_session, known = False, None
        if kind.sign_in is not None:
            signed_in = kind.sign_in(settings, values, secret)
            secret, new_session = signed_in.secret, signed_in.new_session
            settings = dict(signed_in.settings or settings)
            known = signed_in.identity
        tested = ConnectionTest(
            AccountIdentity(""), kind.name, tuple(sorted(settings.items())), secret, new_session
        )
        if known is not None:
            return replace(tested, identity=known)
        connector = kind.make(settings, secret)
        try:
            identity = connector.check()
        except Exception:
            self.forget(tested)
            raise
        finally:
            connector.close()
        return replace(tested, identity=identity)

    def forget(self, tested: ConnectionTest) -> None:
        """A test that is not saved: revoke the session it signed in, if it made one."""
        if not tested.new_session:
            return
        connector = self._kinds[tested.kind_name].make(dict(tested.settings), tested.secret)
        try:
            connector.sign_out()
        except ConnectorError as error:
            log.info("revoking an unsaved sign-in failed: %s", error)
        finally:
            connector.close()

    def add(self, tested: ConnectionTest) -> Account:
        kind, settings = self._kinds[tested.kind_name], dict(tested.settings)
        account = self._store_new(self._database, kind, settings, tested.secret, tested.identity)
        self._sync.add_account(account, self._syncing(kind, account, settings, tested.secret))
        return account

    def add_to_own_workspace(self, tested: ConnectionTest) -> Account:
        """From the demo workspace: save the account in the user's own workspace (which
        the app then opens) instead of mixing it with invented customers."""
        if self._own_workspace is None:
            raise AccountSetupError("There is no workspace of your own to add it to.")
        kind, settings = self._kinds[tested.kind_name], dict(tested.settings)
        ensure_schema(self._own_workspace)
        database = Database(self._own_workspace)
        try:
            return self._store_new(database, kind, settings, tested.secret, tested.identity)
        finally:
            database.close()

    def _store_new(
        self,
        database: Database,
        kind: ConnectorKind,
        settings: dict[str, str],
        secret: str,
        identity: AccountIdentity,
    ) -> Account:
        key = new_credential_key()
        self._credentials.save(key, secret)  # first: a refusal leaves nothing behind

        def write() -> Account:
            with database.transaction() as session:
                return account_store.add_account(
                    session,
                    kind.platform,
                    identity.display_name,
                    identity.handle,
                    kind.name,
                    settings,
                    key,
                )

        try:
            if database is self._database:
                return self._workers.write(write).result()
            return write()
        except Exception:
            self._credentials.delete(key)
            raise

    def reconnect(self, account_id: int, tested: ConnectionTest) -> Account:
        """New credentials or settings for an account; its poller starts again."""
        stored = self._account(account_id)
        kind, secret = self._kinds[stored.connector], tested.secret
        # What sync learnt (a Telegram Business connection's owner) stays; the
        # form's fields are as the owner left them.
        fields = {f.name for f in kind.fields}
        learnt = {k: v for k, v in stored.settings if k not in fields}
        settings = {**learnt, **dict(tested.settings)}
        identity = tested.identity
        if tested.new_session:
            # A fresh sign-in replaces the old session: stop its poller first, so it
            # does not report the end of a session that is meant to end, then end it.
            self._sync.remove_account(account_id)
            self._sign_out(stored)
        key = stored.credential_key or new_credential_key()
        previous = self._credentials.load(key) if stored.credential_key else None
        self._credentials.save(key, secret)

        def write() -> Account:
            with self._database.transaction() as session:
                if not stored.credential_key:
                    account_store.set_credential_key(session, account_id, key)
                return account_store.update_account(
                    session,
                    account_id,
                    identity.display_name,
                    identity.handle,
                    settings,
                    new_credential=secret != previous,
                )

        account = self._workers.write(write).result()
        self._sync.add_account(account, self._syncing(kind, account, settings, secret))
        return account

    def remove(self, account_id: int) -> None:
        """The account, its conversations and messages, and its keyring entry; where
        the platform can, the credential is revoked there first (best effort: an
        account whose platform is unreachable can still be removed here)."""
        account = self._account(account_id)
        self._sync.remove_account(account_id)
        self._sign_out(account)
        if account.credential_key:
            try:
                self._credentials.delete(account.credential_key)
            except KeyringUnavailable:
                log.info("no keyring: account %s had no entry DMDesk could reach", account_id)

        def write() -> None:
            with self._database.transaction() as session:
                account_store.remove_account(session, account_id)

        self._workers.write(write).result()
        shutil.rmtree(self._folder_of(account_id), ignore_errors=True)

    def _sign_out(self, account: Account) -> None:
        kind = self._kinds.get(account.connector)
        if kind is None or not account.credential_key:
            return
        try:
            secret = self._credentials.load(account.credential_key)
        except CredentialError:
            return
        if not secret:
            return
        connector = kind.make(dict(account.settings), secret)
        try:
            connector.sign_out()
        except ConnectorError as error:
            log.info("account %s: signing out on the platform failed: %s", account.id, error)
        finally:
            connector.close()

    def settings_for_form(self, account_id: int) -> dict[str, str]:
        """An account's stored settings, with defaults, to fill the form (no secret)."""
        account = self._account(account_id)
        kind = self._kinds[account.connector]
        stored = dict(account.settings)
        return {f.name: stored.get(f.name, f.default) for f in kind.fields if not f.secret}

    def _read_form(
        self, kind_name: str, values: Mapping[str, str], account_id: int | None
    ) -> tuple[ConnectorKind, dict[str, str], str]:
        kind = self._kinds.get(kind_name)
        if kind is None:
            raise AccountSetupError(f"DMDesk cannot connect {kind_name} accounts.")
        secret = values.get(kind.secret_field.name, "").strip()
        if not secret and account_id is not None:
            # Re-connecting with the token field left empty keeps the stored token.
            key = self._account(account_id).credential_key
            secret = (self._credentials.load(key) or "") if key else ""
        missing = kind.missing({**values, kind.secret_field.name: secret})
        if missing:
            raise AccountSetupError(f"Fill in {', '.join(missing)}.")
        return kind, kind.settings_of(values), secret

    def _account(self, account_id: int) -> Account:
        with self._database.transaction() as session:
            account = account_store.get_account(session, account_id)
        if account is None:
            raise AccountSetupError("That account has been removed.")
        return account

    # --- start-up ------------------------------------------------------------------------

    def start_sync(self) -> None:
        """Build every account's connector (reading the keyring, which can block on an
        unlock prompt: run off the GUI thread) and start syncing."""
        self._sync.start(self.connectors())

    def connectors(self) -> dict[Account, Connector]:
        accounts = self.accounts()
        connectors: dict[Account, Connector] = {}
        demo = [a for a in accounts if a.connector == DEMO_CONNECTOR]
        if demo:
            schedule = DemoSchedule([a.platform for a in demo])
            for account in demo:
                connectors[account] = DemoConnector(account.platform, schedule)
        for account in accounts:
            kind = self._kinds.get(account.connector)
            if kind is None:
                continue
            try:
                secret = self._credentials.load(account.credential_key)
            except CredentialError as error:
                self._needs_reconnect(account, str(error))
                continue
            if not secret:
                self._needs_reconnect(
                    account, "Its token is not in the keyring any more. Re-connect it."
                )
                continue
            connectors[account] = self._syncing(kind, account, dict(account.settings), secret)
        return connectors

    def _syncing(
        self, kind: ConnectorKind, account: Account, settings: dict[str, str], secret: str
    ) -> Connector:
        """An account's connector for sync, with its own folder for what the platform
        needs kept between runs (Matrix's encryption keys)."""
        connector = kind.make(settings, secret)
        connector.use_folder(self._folder_of(account.id))
        return connector

    def _folder_of(self, account_id: int) -> Path:
        return self._database.path.parent / ACCOUNTS_FOLDER / str(account_id)

    def _needs_reconnect(self, account: Account, detail: str) -> None:
        def write() -> None:
            with self._database.transaction() as session:
                account_store.set_status(session, account.id, AccountStatus.NEEDS_RECONNECT, detail)

        self._workers.write(write).result()
