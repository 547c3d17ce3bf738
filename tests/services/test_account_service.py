"""Accounts against a real Secret Service and a fake Telegram: the token lives in
the keyring only, sync starts at once, and removing an account removes it all."""

import json
import logging
import threading

import pytest
from fakes.telegram_server import TOKEN
from keyring.backends import fail

from dmdesk.domain import AccountStatus, ListQuery, Platform
from dmdesk.secrets import SERVICE, CredentialStore, KeyringUnavailable
from dmdesk.services.accounts import AccountService, AccountSetupError
from dmdesk.services.sync import SyncEngine
from dmdesk.services.workers import Workers
from dmdesk.store.reads import InboxReader


class Listener:
    def __init__(self) -> None:
        self.ingested = threading.Event()
        self.connected = threading.Event()
        self.message_changed = threading.Event()
        self.statuses: list = []

    def messages_ingested(self, account_id, result) -> None:
        self.ingested.set()

    def message_status_changed(self, message_ids) -> None:
        self.message_changed.set()

    def account_status_changed(self, account_id, status, detail) -> None:
        self.statuses.append(status)
        if status is AccountStatus.CONNECTED:
            self.connected.set()


@pytest.fixture
def setup(database, secret_service):
    workers = Workers()
    listener = Listener()
    sync = SyncEngine(database, workers, listener)
    service = AccountService(database, CredentialStore(secret_service), sync, workers)
    yield service, listener
    sync.stop()
    workers.shutdown()


def form(fake_telegram, token: str = TOKEN) -> dict[str, str]:
    return {"token": token, "base_url": fake_telegram.url, "business_connection_id": ""}


def test_test_connection_names_the_bot_and_a_bad_token_says_so(setup, fake_telegram) -> None:
    service, _ = setup
    identity = service.check("telegram", form(fake_telegram)).identity
    assert (identity.display_name, identity.handle) == ("Juniper Bot", "@juniper_bot")
    with pytest.raises(Exception, match="no longer accepts this bot token"):
        service.check("telegram", form(fake_telegram, "1:wrong"))
    with pytest.raises(AccountSetupError, match="Fill in Bot token"):
        service.check("telegram", form(fake_telegram, "  "))


def test_an_added_account_syncs_and_its_token_is_only_in_the_keyring(
    setup, fake_telegram, secret_service, db_path, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    service, listener = setup
    account = service.add(service.check("telegram", form(fake_telegram)))
    assert account.platform is Platform.TELEGRAM and account.handle == "@juniper_bot"
    assert secret_service.get_password(SERVICE, account.credential_key) == TOKEN
    assert dict(account.settings) == {"base_url": fake_telegram.url}
    fake_telegram.customer_writes("Is the blue scarf back in stock?")
    assert listener.ingested.wait(10)
    reader = InboxReader(db_path)
    (conversation,) = reader.conversation_page(ListQuery())
    assert conversation.title == "Nadia" and conversation.snippet.startswith("Is the blue")
    reader.close()
    assert listener.connected.wait(10)
    # Nowhere on disk but the keyring: not in the database, its journal, or a log line.
    secret_part = TOKEN.split(":")[1].encode()
    for path in db_path.parent.iterdir():
        if path.is_file():
            assert secret_part not in path.read_bytes(), path.name
    assert TOKEN.split(":")[1] not in caplog.text


def test_reconnect_keeps_the_stored_token_when_the_field_is_left_empty(
    setup, fake_telegram
) -> None:
    service, _ = setup
    account = service.add(service.check("telegram", form(fake_telegram)))
    values = {**form(fake_telegram, ""), "business_connection_id": "bc-9"}
    again = service.reconnect(account.id, service.check("telegram", values, account.id))
    assert again.setting("business_connection_id") == "bc-9"
    assert again.status is AccountStatus.CONNECTED
    assert service.settings_for_form(account.id)["business_connection_id"] == "bc-9"


def test_removing_an_account_removes_its_keyring_entry_and_its_data(
    setup, fake_telegram, secret_service, db_path
) -> None:
    service, listener = setup
    account = service.add(service.check("telegram", form(fake_telegram)))
    fake_telegram.customer_writes("hello")
    assert listener.ingested.wait(10)
    service.remove(account.id)
    assert secret_service.get_password(SERVICE, account.credential_key) is None
    assert service.accounts() == []
    reader = InboxReader(db_path)
    assert reader.conversation_page(ListQuery()) == []
    reader.close()


def test_without_a_keyring_nothing_is_stored_and_the_reason_is_clear(
    database, fake_telegram
) -> None:
    workers = Workers()
    sync = SyncEngine(database, workers, Listener())
    service = AccountService(database, CredentialStore(fail.Keyring()), sync, workers)
    try:
        assert not service.keyring_available
        tested = service.check("telegram", form(fake_telegram))  # testing needs no keyring
        with pytest.raises(KeyringUnavailable, match="GNOME Keyring"):
            service.add(tested)
        assert service.accounts() == []
    finally:
        sync.stop()
        workers.shutdown()


def test_an_account_whose_token_is_gone_asks_to_reconnect(
    setup, fake_telegram, secret_service
) -> None:
    service, _ = setup
    account = service.add(service.check("telegram", form(fake_telegram)))
    secret_service.delete_password(SERVICE, account.credential_key)
    assert account not in service.connectors()
    (stored,) = service.accounts()
    assert stored.status is AccountStatus.NEEDS_RECONNECT
    assert "not in the keyring" in stored.status_detail


def test_an_instagram_account_syncs_and_a_late_reply_goes_with_the_human_agent_tag(
    setup, database, db_path
) -> None:
    from datetime import UTC, datetime, timedelta

    from fakes.graph_server import TOKEN as GRAPH_TOKEN
    from fakes.graph_server import FakeGraph

    from dmdesk.domain import MessageStatus

    graph = FakeGraph("instagram")
    try:
        service, listener = setup
        values = {"token": GRAPH_TOKEN, "base_url": graph.url}
        account = service.add(service.check("instagram", values))
        assert account.handle == "@juniperandthread"
        graph.customer_writes(
            7, "Is this still available?", datetime.now(UTC) - timedelta(hours=30)
        )
        assert listener.ingested.wait(10)
        reader = InboxReader(db_path)
        (conversation,) = reader.conversation_page(ListQuery())
        assert conversation.title == "customer7"
        message_id = service._workers.write(
            lambda: service._sync.add_reply(
                conversation.id, "Yes! Sorry for the wait.", (), "HUMAN_AGENT"
            )
        ).result()
        assert listener.message_changed.wait(10)  # the one change: sent
        assert reader.messages([message_id])[0].status is MessageStatus.SENT
        assert graph.sent[0]["tag"] == "HUMAN_AGENT"
        reader.close()
    finally:
        graph.stop()


def test_removing_a_matrix_account_revokes_its_token(setup, homeserver) -> None:
    """Sign out on the homeserver, then forget: the token no longer opens anything."""
    import httpx

    service, _listener = setup
    user = homeserver.register("leaving_shop")
    values = {"homeserver": homeserver.url, "token": user.access_token}
    tested = service.check("matrix", values)
    assert tested.identity.handle == user.user_id and not tested.new_session
    account = service.add(tested)
    service.remove(account.id)
    answer = httpx.get(
        f"{homeserver.url}/_matrix/client/v3/account/whoami",
        headers={"Authorization": f"Bearer {user.access_token}"},
    )
    assert answer.status_code == 401
    assert service.accounts() == []


def test_a_matrix_password_is_traded_for_a_token_and_kept_nowhere(
    setup, homeserver, secret_service, db_path
) -> None:
    """Only the access token and device id reach the keyring; the password is used
    once, for the sign-in, and is not in the keyring, the database or the settings."""

    service, listener = setup
    user = homeserver.register("password_shop", password="pa55-Word-only-once")
    values = {"homeserver": homeserver.url, "user": "password_shop", "password": user.password}
    tested = service.check("matrix", values)
    assert tested.identity.handle == user.user_id and tested.new_session
    assert "pa55" not in repr(tested)
    account = service.add(tested)
    kept = json.loads(secret_service.get_password(SERVICE, account.credential_key))
    assert set(kept) == {"access_token", "device_id", "own_device"} and kept["device_id"]
    assert kept["access_token"] != user.access_token  # a session of its own
    assert dict(account.settings) == {"homeserver": homeserver.url, "user": "password_shop"}
    assert listener.connected.wait(20)
    for path in db_path.parent.iterdir():
        if path.is_file():
            assert b"pa55-Word" not in path.read_bytes(), path.name
            assert kept["access_token"].encode() not in path.read_bytes(), path.name
    # Its own session holds encryption keys, in its own folder, gone with the account.
    keys = db_path.parent / "accounts" / str(account.id) / "encryption"
    assert any(keys.iterdir())
    service.remove(account.id)
    assert not keys.parent.exists()


def test_a_wrong_matrix_password_or_an_empty_form_says_what_to_do(setup, homeserver) -> None:
    service, _ = setup
    homeserver.register("careful_shop", password="right")
    wrong = {"homeserver": homeserver.url, "user": "careful_shop", "password": "wrong"}
    with pytest.raises(Exception, match="did not accept that user name and password"):
        service.check("matrix", wrong)
    with pytest.raises(AccountSetupError, match="Fill in Access token or User name and Password"):
        service.check("matrix", {"homeserver": homeserver.url, "user": "careful_shop"})


def test_an_unsaved_password_sign_in_is_revoked(setup, homeserver) -> None:
    """Tested, then cancelled: the session the test opened does not linger."""
    import httpx

    service, _ = setup
    user = homeserver.register("undecided_shop", password="secret")
    values = {"homeserver": homeserver.url, "user": "undecided_shop", "password": "secret"}
    tested = service.check("matrix", values)
    token = json.loads(tested.secret)["access_token"]
    service.forget(tested)
    answer = httpx.get(
        f"{homeserver.url}/_matrix/client/v3/account/whoami",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 401
    assert service.accounts() == []
    assert user.access_token  # the user's own session is untouched


def test_re_connecting_matrix_with_a_password_ends_the_old_session(setup, homeserver) -> None:
    import httpx

    service, _ = setup
    homeserver.register("returning_shop", password="pw")
    values = {"homeserver": homeserver.url, "user": "returning_shop", "password": "pw"}
    first = service.check("matrix", values)
    account = service.add(first)
    second = service.check("matrix", values, account.id)
    again = service.reconnect(account.id, second)
    assert again.status is not AccountStatus.NEEDS_RECONNECT

    def answers(tested) -> int:
        token = json.loads(tested.secret)["access_token"]
        return httpx.get(
            f"{homeserver.url}/_matrix/client/v3/account/whoami",
            headers={"Authorization": f"Bearer {token}"},
        ).status_code

    assert answers(first) == 401  # the replaced session is signed out
    assert answers(second) == 200
    assert [a.id for a in service.accounts()] == [account.id]
