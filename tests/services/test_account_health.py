"""Accounts that keep working, against a real Secret Service: an Instagram Login
token is renewed before it expires (the new one in the keyring only) and one that
cannot be renewed asks to re-connect; a Telegram bot closed for longer than
Telegram keeps its updates says that messages may be missing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from fakes.graph_server import TOKEN, FakeGraph
from fakes.telegram_server import TOKEN as BOT_TOKEN
from fakes.x_server import CLIENT_ID, FakeX
from fakes.x_server import REFRESH_TOKEN as X_REFRESH
from test_outbox import wait_for

from dmdesk.connectors.x_tokens import XCredential
from dmdesk.domain import AccountStatus
from dmdesk.secrets import SERVICE, CredentialStore
from dmdesk.services.accounts import AccountService
from dmdesk.services.missed_updates import missed_updates
from dmdesk.services.sync import SyncEngine
from dmdesk.services.workers import Workers
from dmdesk.store import accounts as account_store

RENEWED_FOR = timedelta(seconds=5183944)
"""What the fake (and Meta) says a renewed token lasts: 60 days."""


class Listener:
    def __init__(self) -> None:
        self.statuses: list[tuple[AccountStatus, str]] = []
        self.ingested = threading.Event()
        self._reached: dict[AccountStatus, threading.Event] = {}

    def messages_ingested(self, account_id, result) -> None:
        self.ingested.set()

    def message_status_changed(self, message_ids) -> None:
        pass

    def account_status_changed(self, account_id, status, detail) -> None:
        self.statuses.append((status, detail))
        self.reached(status).set()

    def reached(self, status: AccountStatus) -> threading.Event:
        return self._reached.setdefault(status, threading.Event())


class Clock:
    def __init__(self) -> None:
        now = datetime.now(UTC)  # in whole milliseconds, as the store keeps times
        self.now = now.replace(microsecond=now.microsecond // 1000 * 1000)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def graph():
    server = FakeGraph("instagram")
    yield server
    server.stop()


@pytest.fixture
def accounts(database, secret_service):
    """The account service and sync engine as the app wires them, on a clock the
    test moves; ``start()`` syncs what is stored, as a start of the app does."""
    workers = Workers()
    listener = Listener()
    clock = Clock()
    credentials = CredentialStore(secret_service)
    engines: list[SyncEngine] = []

    def start() -> AccountService:
        sync = SyncEngine(database, workers, listener, clock, credentials=credentials)
        engines.append(sync)
        service = AccountService(database, credentials, sync, workers)
        service.start_sync()
        return service

    yield start, listener, clock
    for engine in engines:
        engine.stop()
    workers.shutdown()


def stored(database, account_id: int):
    with database.transaction() as session:
        return account_store.get_account(session, account_id)


def instagram_form(graph: FakeGraph) -> dict[str, str]:
    return {"token": TOKEN, "base_url": graph.url}


def test_an_instagram_token_is_renewed_a_day_after_it_was_saved_and_only_the_keyring_keeps_it(
    accounts, graph, database, db_path, secret_service
) -> None:
    start, listener, clock = accounts
    service = start()
    account = service.add(service.check("instagram", instagram_form(graph)))
    assert listener.reached(AccountStatus.CONNECTED).wait(10)
    assert graph.renewals == 0  # a token less than a day old is not renewed
    saved = stored(database, account.id)
    # Until the first renewal says, it ends 60 days after it was saved, at the latest.
    assert saved.credential_expires_at == saved.credential_renewed_at + timedelta(days=60)
    service._sync.stop()

    clock.now += timedelta(days=1, hours=2)  # DMDesk is opened again the next day
    start()
    assert listener.reached(AccountStatus.SYNCING).wait(10)
    wait_for(lambda: stored(database, account.id).credential_renewed_at == clock.now)
    assert graph.renewals == 1
    renewed = stored(database, account.id)
    assert renewed.credential_expires_at == clock.now + RENEWED_FOR
    assert secret_service.get_password(SERVICE, account.credential_key) == graph.token != TOKEN
    for path in db_path.parent.iterdir():  # the new token is nowhere on disk but the keyring
        if path.is_file():
            assert graph.token.encode() not in path.read_bytes(), path.name
    # Sync goes on with the new token (the fake refuses the old one now).
    listener.ingested.clear()
    graph.customer_writes(1, "Is the oat scarf back?")
    start()._sync._nudge(account.id)
    assert listener.ingested.wait(10)
    assert graph.renewals == 1  # once a day, not once a fetch


def test_a_token_that_cannot_be_renewed_asks_to_reconnect(accounts, graph, database) -> None:
    start, listener, clock = accounts
    service = start()
    account = service.add(service.check("instagram", instagram_form(graph)))
    assert listener.reached(AccountStatus.CONNECTED).wait(10)
    service._sync.stop()
    graph.revoked = True  # the owner changed their Instagram password
    clock.now += timedelta(days=2)
    start()
    assert listener.reached(AccountStatus.NEEDS_RECONNECT).wait(10)
    assert "refresh_access_token" in graph.requests  # renewing is what found out
    detail = stored(database, account.id).status_detail
    assert "re-connect" in detail and TOKEN not in detail


def test_a_renewal_that_fails_on_the_way_is_tried_later_and_sync_goes_on(
    accounts, graph, database
) -> None:
    start, listener, clock = accounts
    service = start()
    account = service.add(service.check("instagram", instagram_form(graph)))
    assert listener.reached(AccountStatus.CONNECTED).wait(10)
    service._sync.stop()
    graph.script(
        500, FakeGraph.error(2, "Service temporarily unavailable"), method="refresh_access_token"
    )
    clock.now += timedelta(days=2)
    listener.ingested.clear()
    listener.reached(AccountStatus.CONNECTED).clear()
    graph.customer_writes(1, "Hello?")
    later = start()
    assert listener.ingested.wait(10)  # fetched with the token in hand
    assert listener.reached(AccountStatus.CONNECTED).wait(10)
    assert graph.renewals == 0
    assert "refresh_access_token" in graph.requests  # it was tried, and will be again
    later._sync.check_now(account.id)
    assert graph.renewals == 0  # not at every fetch: an hour later
    clock.now += timedelta(minutes=61)
    later._sync.check_now(account.id)
    assert graph.renewals == 1


def test_a_telegram_bot_closed_for_more_than_a_day_says_messages_may_be_missing(
    accounts, fake_telegram, database
) -> None:
    start, listener, clock = accounts
    service = start()
    form = {"token": BOT_TOKEN, "base_url": fake_telegram.url, "business_connection_id": ""}
    account = service.add(service.check("telegram", form))
    assert listener.reached(AccountStatus.CONNECTED).wait(10)
    assert listener.statuses[-1] == (AccountStatus.CONNECTED, "")
    service._sync.stop()
    closed_at = stored(database, account.id).synced_at
    assert closed_at is not None

    listener.reached(AccountStatus.CONNECTED).clear()
    clock.now = closed_at + timedelta(days=2, hours=15)
    start()
    assert listener.reached(AccountStatus.CONNECTED).wait(10)
    _status, detail = listener.statuses[-1]
    assert detail == missed_updates("Telegram", closed_at, clock.now, timedelta(hours=24))
    assert "keeps bot messages for 24 hours only" in detail
    assert stored(database, account.id).status_detail == detail


def test_the_missing_messages_warning_names_the_days_closed(london) -> None:
    closed = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)  # a Friday, 18:00 in London
    opened = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday morning
    words = missed_updates("Telegram", closed, opened, timedelta(hours=24))
    assert words.startswith("DMDesk was closed from Fri 18:00 to Mon 09:00: Telegram keeps")
    assert (
        missed_updates("Telegram", closed, closed + timedelta(hours=23), timedelta(hours=24)) == ""
    )
    assert missed_updates("Telegram", None, opened, timedelta(hours=24)) == ""
    assert missed_updates("Instagram", closed, opened, None) == ""


def test_a_telegram_business_connection_is_kept_with_the_account_and_survives_a_reconnect(
    accounts, fake_telegram, database
) -> None:
    start, _listener, _clock = accounts
    service = start()
    form = {"token": BOT_TOKEN, "base_url": fake_telegram.url}
    account = service.add(service.check("telegram", form))
    fake_telegram.owner_connects_business("bc-juniper")
    wait_for(lambda: stored(database, account.id).setting("business_owner") == "@maya_juniper")
    kept = stored(database, account.id)
    assert kept.setting("business_connection_id") == "bc-juniper"
    assert kept.setting("business_can_reply") == "yes"
    again = service.reconnect(account.id, service.check("telegram", form, account.id))
    assert again.setting("business_owner") == "@maya_juniper"  # learnt, not in the form
    fake_telegram.owner_connects_business("bc-juniper", enabled=False)
    wait_for(lambda: not stored(database, account.id).setting("business_owner"))
    assert not stored(database, account.id).setting("business_connection_id")


def test_an_x_token_is_renewed_every_90_minutes_and_the_spent_refresh_token_is_nowhere(
    accounts, database, db_path, secret_service
) -> None:
    """X's access tokens last two hours: with a refresh token and the Client ID, the
    form renews at once and sync renews again before the two hours are up."""
    fake = FakeX()
    try:
        start, listener, clock = accounts
        service = start()
        form = {
            "token": "",
            "refresh_token": X_REFRESH,
            "client_id": CLIENT_ID,
            "base_url": fake.url,
        }
        account = service.add(service.check("x", form))
        assert fake.renewals == 1  # the test of the form renewed it
        assert listener.reached(AccountStatus.CONNECTED).wait(10)
        first = stored(database, account.id)
        assert first.credential_expires_at == first.credential_renewed_at + timedelta(hours=2)
        service._sync.stop()

        clock.now += timedelta(minutes=95)
        listener.ingested.clear()
        fake.customer_writes(1, "Do you ship to Lisbon?")
        start()
        assert listener.ingested.wait(10)
        wait_for(lambda: stored(database, account.id).credential_renewed_at == clock.now)
        assert fake.renewals == 2
        kept = XCredential.parse(secret_service.get_password(SERVICE, account.credential_key))
        assert kept == XCredential(fake.token, fake.refresh_token)
        assert stored(database, account.id).credential_expires_at == clock.now + timedelta(hours=2)
        for path in db_path.parent.iterdir():
            if path.is_file():
                assert fake.refresh_token.encode() not in path.read_bytes(), path.name
    finally:
        fake.stop()
