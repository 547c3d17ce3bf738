import random
import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from factories import NOW

from dmdesk.connectors.base import AuthExpired, Connector
from dmdesk.connectors.demo import DemoConnector, DemoSchedule
from dmdesk.domain import AccountStatus, FetchResult, ListQuery, MessageStatus, Platform
from dmdesk.services.demo_workspace import seed_demo_workspace
from dmdesk.services.sync import SyncEngine
from dmdesk.store import accounts as account_store
from dmdesk.store.reads import InboxReader


class Recorder:
    def __init__(self) -> None:
        self.ingested: list = []
        self.statuses: list = []
        self.accounts: list = []
        self.changed = threading.Event()
        self._reached: dict = {}

    def messages_ingested(self, account_id, result) -> None:
        self.ingested.append(result)

    def message_status_changed(self, message_ids) -> None:
        self.statuses.append(message_ids)
        self.changed.set()

    def account_status_changed(self, account_id, status, detail) -> None:
        self.accounts.append((account_id, status, detail))
        self.changed.set()
        self._reached.setdefault(status, threading.Event()).set()

    def reached(self, status) -> threading.Event:
        return self._reached.setdefault(status, threading.Event())


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def stop_engines(monkeypatch, workers):
    """Every engine a test makes is stopped after it, so no loop outlives the test."""
    made: list[SyncEngine] = []
    original = SyncEngine.__init__

    def remember(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(SyncEngine, "__init__", remember)
    yield
    for engine in made:
        engine.stop()


def test_demo_sync_delivers_once_and_resumes_from_the_cursor(database, db_path, workers):
    seed_demo_workspace(database, NOW)
    with database.transaction() as session:
        account = account_store.list_accounts(session)[0]
    clock = Clock()
    schedule = DemoSchedule([account.platform], random.Random(1), clock, interval=(30, 90))
    recorder = Recorder()
    engine = SyncEngine(database, workers, recorder, clock)
    engine._connectors[account.id] = DemoConnector(account.platform, schedule, clock)
    assert engine.sync_once(account).new_message_ids == ()  # nothing due yet
    clock.now += timedelta(seconds=91)
    result = engine.sync_once(account)
    assert len(result.new_message_ids) == 1
    assert engine.sync_once(account).new_message_ids == ()  # next one not due
    with database.transaction() as session:
        assert account_store.sync_cursor(session, account.id) == "1"
    reader = InboxReader(db_path)
    [message] = reader.messages(result.new_message_ids)
    assert reader.conversation(message.conversation_id).unread_count >= 1


def test_a_reply_is_stored_pending_then_sent_then_delivered(database, db_path, workers):
    seed_demo_workspace(database, NOW)
    with database.transaction() as session:
        account = account_store.list_accounts(session)[0]
    clock = Clock()
    schedule = DemoSchedule([Platform.MESSENGER], random.Random(1), clock)
    recorder = Recorder()
    engine = SyncEngine(database, workers, recorder, clock)
    engine._connectors[account.id] = DemoConnector(account.platform, schedule, clock)
    reader = InboxReader(db_path)
    conversation = reader.conversation_page(ListQuery(platform=account.platform))[0]
    message_id = workers.write(lambda: engine.add_reply(conversation.id, "Thanks!")).result()
    assert recorder.changed.wait(5)
    assert reader.messages([message_id])[0].status is MessageStatus.SENT
    clock.now += timedelta(seconds=3)
    engine.sync_once(account)
    assert reader.messages([message_id])[0].status is MessageStatus.DELIVERED


class ExpiredConnector(Connector):
    platform = Platform.TELEGRAM

    def __init__(self) -> None:
        self.calls = 0

    def check(self):
        raise AssertionError("not used")

    def fetch(self, cursor):
        self.calls += 1
        raise AuthExpired("The Telegram token was revoked. Re-connect the account.")

    def send(self, message):
        raise AssertionError("not used")

    def poll_interval_seconds(self) -> float:
        return 0.01


def test_an_expired_token_stops_the_account_and_asks_to_reconnect(database, workers):
    with database.transaction() as session:
        account = account_store.add_account(session, Platform.TELEGRAM, "Bot", "@b", "test")
    recorder = Recorder()
    engine = SyncEngine(database, workers, recorder)
    connector = ExpiredConnector()
    engine.start({account: connector})
    assert recorder.reached(AccountStatus.NEEDS_RECONNECT).wait(5)
    engine.stop()
    assert [status for _, status, _ in recorder.accounts] == [
        AccountStatus.SYNCING,
        AccountStatus.NEEDS_RECONNECT,
    ]
    assert connector.calls == 1  # never retried
    with database.transaction() as session:
        assert account_store.list_accounts(session)[0].status is AccountStatus.NEEDS_RECONNECT


def test_fetch_result_without_cursor_keeps_the_stored_one(database, workers):
    class Quiet(ExpiredConnector):
        def fetch(self, cursor):
            return FetchResult(cursor=None)

    with database.transaction() as session:
        account = account_store.add_account(session, Platform.TELEGRAM, "Bot", "@b", "test")
        account_store.set_sync_cursor(session, account.id, "42")
    engine = SyncEngine(database, workers, Recorder())
    engine._connectors[account.id] = Quiet()
    engine.sync_once(account)
    with database.transaction() as session:
        assert account_store.sync_cursor(session, account.id) == "42"


class SendRecorder(Connector):
    platform = Platform.INSTAGRAM

    def __init__(self) -> None:
        self.sent = []

    def check(self):
        raise AssertionError("not used")

    def fetch(self, cursor):
        return FetchResult((), cursor)

    def send(self, message):
        self.sent.append(message)
        return "ig-sent-1"


def test_a_reply_with_a_file_hands_the_file_to_the_connector(database, db_path, workers, tmp_path):
    from dmdesk.domain import Attachment, AttachmentKind

    seed_demo_workspace(database, NOW)
    with database.transaction() as session:
        account = next(
            a for a in account_store.list_accounts(session) if a.platform is Platform.INSTAGRAM
        )
    recorder = Recorder()
    engine = SyncEngine(database, workers, recorder)
    connector = SendRecorder()
    engine._connectors[account.id] = connector
    reader = InboxReader(db_path)
    conversation = reader.conversation_page(ListQuery(platform=Platform.INSTAGRAM))[0]
    photo = tmp_path / "scarf.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    attachment = Attachment(AttachmentKind.IMAGE, "scarf.jpg", "image/jpeg", "", str(photo), 21)
    message_id = workers.write(
        lambda: engine.add_reply(conversation.id, "", (attachment,))
    ).result()
    assert recorder.changed.wait(5)
    (stored,) = reader.messages([message_id])
    # The connector gets DMDesk's own copy, kept in the workspace with the reply.
    (kept,) = stored.attachments
    assert kept.local_path != attachment.local_path and stored.status is MessageStatus.SENT
    assert replace(kept, local_path=attachment.local_path) == attachment
    assert Path(kept.local_path).read_bytes() == photo.read_bytes()
    assert connector.sent[0].attachments == (kept,)


def test_a_field_sqlite_refuses_is_cleaned_and_the_sync_moves_on(database, db_path, workers):
    """A lone surrogate in a text and a file size past 64 bits used to fail the write,
    so the same batch came back forever and nothing after it arrived."""
    from factories import fetched

    from dmdesk.domain import Attachment, AttachmentKind

    huge = Attachment(AttachmentKind.FILE, "a\ud800.pdf", url="mxc://x/y", size=2**63)
    batch = FetchResult(
        messages=(
            fetched(1, NOW, text="broken \ud800 text", attachments=(huge,)),
            fetched(2, NOW, text="a pair \ud83d\ude00 joined"),
            fetched(3, NOW, text="and the next one"),
        ),
        cursor="s2",
    )

    class Hostile(ExpiredConnector):
        def fetch(self, cursor):
            return batch

    with database.transaction() as session:
        account = account_store.add_account(session, Platform.MATRIX, "Shop", "@s", "test")
    engine = SyncEngine(database, workers, Recorder())
    engine._connectors[account.id] = Hostile()
    engine.sync_once(account)
    reader = InboxReader(db_path)
    try:
        (conversation,) = reader.conversation_page(ListQuery())
        texts = [m.text for m in reader.thread_page(conversation.id)]
        assert texts == ["broken \ufffd text", "a pair 😀 joined", "and the next one"]
        attachment = reader.thread_page(conversation.id)[0].attachments[0]
        assert (attachment.name, attachment.size) == ("a\ufffd.pdf", None)
    finally:
        reader.close()
    with database.transaction() as session:
        assert account_store.sync_cursor(session, account.id) == "s2"
