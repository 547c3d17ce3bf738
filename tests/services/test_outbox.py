"""The outbox against a fake Telegram: a reply is on disk before any network
call, waits out a cut network, goes out once, fails clearly, and survives a
restart without being sent twice."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from factories import NOW, add_account, fetched, ingest
from fakes.telegram_server import TOKEN
from fakes.x_server import TOKEN as X_TOKEN
from fakes.x_server import FakeX

from dmdesk.connectors.demo import DemoConnector, DemoSchedule
from dmdesk.connectors.telegram import TelegramConnector
from dmdesk.connectors.x import XConnector
from dmdesk.domain import HeldReason, MessageStatus, Participant, Platform
from dmdesk.services.forgetting import PersonForgetting
from dmdesk.services.sync import SyncEngine
from dmdesk.services.thumbnail_cache import ThumbnailCache
from dmdesk.store import outbox
from dmdesk.store.reads import InboxReader

FAST = (0.05, 0.2)  # backoff between attempts, in seconds


class Listener:
    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.changed: list[int] = []
        self.accounts: list = []

    def messages_ingested(self, account_id, result) -> None:
        pass

    def message_status_changed(self, message_ids) -> None:
        with self.lock:
            self.changed.extend(message_ids)
            self.lock.notify_all()

    def account_status_changed(self, account_id, status, detail) -> None:
        self.accounts.append(status)


@pytest.fixture
def chat(database):
    """A Telegram account and a conversation with Nadia (chat 777)."""
    account = add_account(database, Platform.TELEGRAM)
    nadia = Participant("777", "Nadia", "@nadia_k")
    result = ingest(database, account, [fetched(1, NOW, conversation="777", person=nadia)], NOW)
    return account, result.new_conversation_ids[0]


@pytest.fixture
def engines(database, workers):
    made: list[SyncEngine] = []

    def make(listener=None) -> SyncEngine:
        engine = SyncEngine(
            database, workers, listener or Listener(), send_backoff=FAST, clock=lambda: now()
        )
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.stop()


def now() -> datetime:
    return datetime.now(UTC)


def telegram_for(fake_telegram) -> TelegramConnector:
    return TelegramConnector(TOKEN, base_url=fake_telegram.url, long_poll_seconds=0, timeout_s=2)


def status_of(db_path, message_id: int) -> MessageStatus:
    reader = InboxReader(db_path)
    try:
        return reader.messages([message_id])[0].status
    finally:
        reader.close()


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = threading.Event()
    timer = threading.Timer(timeout, deadline.set)
    timer.start()
    try:
        while not condition():
            if deadline.wait(0.02):
                raise AssertionError("timed out")
    finally:
        timer.cancel()


def reply(workers, engine, conversation_id: int, text: str) -> int:
    return workers.write(lambda: engine.add_reply(conversation_id, text)).result()


def test_a_reply_waits_out_a_cut_network_and_goes_out_once(
    fake_telegram, chat, engines, workers, database, db_path
) -> None:
    account, conversation_id = chat
    engine = engines()
    engine.start({account: telegram_for(fake_telegram)})
    fake_telegram.cut()
    message_id = reply(workers, engine, conversation_id, "Your parcel left today!")
    assert status_of(db_path, message_id) is MessageStatus.PENDING  # on disk at once

    def waiting_with_reason() -> bool:
        with database.transaction() as session:
            entry = outbox.get(session, message_id)
        return entry is not None and entry.attempts >= 2 and "cannot be reached" in entry.last_error

    wait_for(waiting_with_reason)
    assert status_of(db_path, message_id) is MessageStatus.PENDING
    fake_telegram.restore()
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.SENT)
    assert [m["text"] for m in fake_telegram.sent] == ["Your parcel left today!"]
    with database.transaction() as session:
        assert outbox.get(session, message_id) is None


def test_a_rate_limited_send_goes_when_telegram_allows(
    fake_telegram, chat, engines, workers, db_path
) -> None:
    account, conversation_id = chat
    fake_telegram.script(
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        },
        method="sendMessage",
    )
    engine = engines()
    engine.start({account: telegram_for(fake_telegram)})
    started = now()
    message_id = reply(workers, engine, conversation_id, "Thanks!")
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.SENT)
    assert (now() - started).total_seconds() >= 1.0
    assert len(fake_telegram.sent) == 1


def test_a_refused_reply_fails_with_its_reason_then_retry_or_discard(
    fake_telegram, chat, engines, workers, database, db_path
) -> None:
    account, conversation_id = chat
    blocked = "Forbidden: bot was blocked by the user"
    fake_telegram.script(
        403,
        {"ok": False, "error_code": 403, "description": blocked},
        method="sendMessage",
    )
    engine = engines()
    engine.start({account: telegram_for(fake_telegram)})
    first = reply(workers, engine, conversation_id, "first")
    wait_for(lambda: status_of(db_path, first) is MessageStatus.FAILED)
    with database.transaction() as session:
        assert "blocked by the user" in outbox.get(session, first).last_error
    assert workers.write(lambda: engine.retry(first)).result()
    wait_for(lambda: status_of(db_path, first) is MessageStatus.SENT)
    assert [m["text"] for m in fake_telegram.sent] == ["first"]

    fake_telegram.script(
        403,
        {"ok": False, "error_code": 403, "description": blocked},
        method="sendMessage",
    )
    second = reply(workers, engine, conversation_id, "second")
    wait_for(lambda: status_of(db_path, second) is MessageStatus.FAILED)
    assert workers.write(lambda: engine.discard(second)).result()
    reader = InboxReader(db_path)
    assert reader.messages([second]) == []
    assert reader.conversation(conversation_id).snippet == "first"
    reader.close()
    assert not workers.write(lambda: engine.discard(first)).result()  # sent stays


def test_an_expired_token_fails_the_reply_and_says_to_reconnect(
    fake_telegram, chat, engines, workers, database, db_path
) -> None:
    account, conversation_id = chat
    engine = engines()
    engine.start(
        {account: TelegramConnector("1:revoked", base_url=fake_telegram.url, long_poll_seconds=0)}
    )
    message_id = reply(workers, engine, conversation_id, "hello")
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.FAILED)
    with database.transaction() as session:
        assert "re-connect" in outbox.get(session, message_id).last_error
    assert fake_telegram.sent == []


def test_a_restart_resumes_pending_replies(fake_telegram, chat, engines, workers, db_path) -> None:
    account, conversation_id = chat
    before = engines()  # no connector: DMDesk closes before it could send
    message_id = reply(workers, before, conversation_id, "sent after a restart")
    before.stop()
    assert status_of(db_path, message_id) is MessageStatus.PENDING
    after = engines()
    after.start({account: telegram_for(fake_telegram)})
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.SENT)
    assert len(fake_telegram.sent) == 1


def test_an_attempt_cut_off_by_a_crash_is_not_repeated_blindly(
    fake_telegram, chat, engines, workers, database, db_path
) -> None:
    account, conversation_id = chat
    message_id = reply(workers, engines(), conversation_id, "maybe sent")
    with database.transaction() as session:  # the crash: claimed, never finished
        outbox.begin_attempt(session, message_id, now())
    listener = Listener()
    engines(listener).start({account: telegram_for(fake_telegram)})
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.FAILED)
    with database.transaction() as session:
        assert "may have gone out" in outbox.get(session, message_id).last_error
    assert fake_telegram.sent == []


def test_where_the_platform_dedupes_a_cut_off_attempt_is_repeated(
    chat, engines, workers, database, db_path
) -> None:
    account, conversation_id = chat
    message_id = reply(workers, engines(), conversation_id, "idempotent")
    with database.transaction() as session:
        outbox.begin_attempt(session, message_id, now())
    demo = DemoConnector(Platform.TELEGRAM, DemoSchedule([Platform.TELEGRAM]))
    engines().start({account: demo})
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.SENT)


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("drop", "dropped before it answered"),  # the connection dropped after the request
        ("garble", "not JSON"),  # an answer that is not Telegram's
        ("fail", "500"),  # a server error after the body was sent
        ("late", "did not answer in time"),  # answered after the read timeout
    ],
)
def test_a_send_whose_answer_was_lost_is_never_sent_again_on_its_own(
    fake_telegram, chat, engines, workers, database, db_path, how, reason
) -> None:
    """Telegram carried the reply out each time; only its answer was lost. Retrying
    as if nothing had gone out reached the customer twice or three times."""
    account, conversation_id = chat
    fake_telegram.spoil(how, method="sendMessage", delay_s=1.5)
    engine = engines()
    connector = TelegramConnector(
        TOKEN, base_url=fake_telegram.url, long_poll_seconds=0, timeout_s=0.5
    )
    engine.start({account: connector})
    message_id = reply(workers, engine, conversation_id, "Your order ships Monday")
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.FAILED)
    with database.transaction() as session:
        error = outbox.get(session, message_id).last_error
    assert reason in error and "may have gone out" in error
    engine.stop()  # the outbox has had every chance to try again
    assert [m["text"] for m in fake_telegram.sent] == ["Your order ships Monday"]
    assert workers.write(lambda: engine.retry(message_id)).result()  # the owner's choice


def test_a_send_that_provably_never_left_is_retried_on_its_own(
    fake_telegram, chat, engines, workers, db_path
) -> None:
    account, conversation_id = chat
    engine = engines()
    engine.start({account: telegram_for(fake_telegram)})
    fake_telegram.cut()  # connection refused: nothing reached Telegram
    message_id = reply(workers, engine, conversation_id, "On its way")
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.PENDING)
    fake_telegram.restore()
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.SENT)
    assert [m["text"] for m in fake_telegram.sent] == ["On its way"]


def test_quitting_during_a_send_keeps_what_the_platform_confirmed(
    fake_telegram, chat, engines, workers, database, db_path
) -> None:
    account, conversation_id = chat
    fake_telegram.spoil("late", method="sendMessage", delay_s=0.8)  # still answered in time
    engine = engines()
    engine.start({account: telegram_for(fake_telegram)})
    message_id = reply(workers, engine, conversation_id, "Bye for now")
    wait_for(lambda: len(fake_telegram.sent) == 1)  # Telegram has it, its answer is on the way
    engine.stop()  # Ctrl+Q
    assert status_of(db_path, message_id) is MessageStatus.SENT
    with database.transaction() as session:
        assert outbox.get(session, message_id) is None


@pytest.fixture
def x(database):
    """An X account and a conversation with a buyer; X takes the next reply, but
    its answer is lost on the way back."""
    server = FakeX()
    event = server.customer_writes(1, "Do you ship to Oslo?")
    account = add_account(database, Platform.X)
    buyer = Participant(event["sender_id"], "Buyer 1", "@buyer1")
    conversation = event["dm_conversation_id"]
    result = ingest(
        database, account, [fetched(1, NOW, conversation=conversation, person=buyer)], NOW
    )
    server.spoil("drop", method=f"POST /2/dm_conversations/with/{buyer.platform_user_id}/messages")
    yield server, account, conversation, result.new_conversation_ids[0]
    server.stop()


def test_where_the_platform_can_tell_a_lost_answer_is_looked_for_in_the_chat(
    x, engines, workers, db_path
) -> None:
    """X lists a conversation's events: the reply is there, so it is sent, once."""
    server, account, _conversation, conversation_id = x
    engine = engines()
    engine.start({account: XConnector(X_TOKEN, base_url=server.url, timeout_s=2)})
    message_id = reply(workers, engine, conversation_id, "We do!")
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.SENT)
    assert [s["text"] for s in server.sent] == ["We do!"]


def test_after_a_start_with_nothing_new_the_account_is_up_to_date_at_once(
    fake_telegram, chat, engines, db_path
) -> None:
    """The first fetch does not long-poll: with nothing new, the account said
    "Catching up" until Telegram's 25 s wait for news ended."""
    from dmdesk.domain import AccountStatus

    account, _conversation_id = chat
    listener = Listener()
    engine = engines(listener)
    slow = TelegramConnector(TOKEN, base_url=fake_telegram.url, long_poll_seconds=25, timeout_s=40)
    engine.start({account: slow})
    wait_for(lambda: AccountStatus.CONNECTED in listener.accounts)
    assert fake_telegram.poll_timeouts[0] == 0  # caught up without waiting for news
    wait_for(lambda: len(fake_telegram.poll_timeouts) >= 2)
    assert fake_telegram.poll_timeouts[1] == 25  # then it waits for news as usual


def test_check_again_finds_a_reply_that_arrived_and_marks_it_sent(
    x, engines, workers, database, db_path
) -> None:
    """X could not be asked at first (its listing failed too): the reply is "may
    have gone out"; the owner's Check whether it arrived finds it in the chat."""
    server, account, conversation, conversation_id = x
    listing = f"GET /2/dm_conversations/{conversation}/dm_events"
    server.script(503, {"title": "Service Unavailable"}, method=listing)
    engine = engines()
    engine.start({account: XConnector(X_TOKEN, base_url=server.url, timeout_s=2)})
    message_id = reply(workers, engine, conversation_id, "Yes, Friday!")
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.FAILED)
    with database.transaction() as session:
        assert "may have gone out" in outbox.get(session, message_id).last_error
    assert engine.check_sent(message_id)
    assert status_of(db_path, message_id) is MessageStatus.SENT
    assert [s["text"] for s in server.sent] == ["Yes, Friday!"]


# --- sent later --------------------------------------------------------------------


def later(workers, engine, conversation_id: int, text: str, at: datetime) -> int:
    return workers.write(lambda: engine.add_reply(conversation_id, text, send_at=at)).result()


def test_a_reply_sent_later_waits_for_its_time_then_goes_once(
    fake_telegram, chat, engines, workers, db_path
) -> None:
    account, conversation_id = chat
    engine = engines()
    engine.start({account: telegram_for(fake_telegram)})
    due = now() + timedelta(milliseconds=600)
    message_id = later(workers, engine, conversation_id, "good morning!", due)
    assert status_of(db_path, message_id) is MessageStatus.PENDING
    assert fake_telegram.sent == []  # not before its time
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.SENT)
    assert [m["text"] for m in fake_telegram.sent] == ["good morning!"]
    reader = InboxReader(db_path)
    try:
        (sent,) = reader.messages([message_id])
        assert sent.sent_at >= due and sent.scheduled_for == due.replace(
            microsecond=due.microsecond // 1000 * 1000
        )
    finally:
        reader.close()


def test_a_reply_sent_later_survives_a_kill_and_goes_exactly_once(
    fake_telegram, chat, engines, database, db_path, tmp_path
) -> None:
    """The app is killed (SIGKILL, no shutdown) between scheduling and sending: the
    next start sends it once, and the one after sends nothing more."""
    account, conversation_id = chat
    due = now() + timedelta(seconds=1)
    script = tmp_path / "schedule_then_die.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys, time
            from datetime import datetime
            from dmdesk.services.sync import SyncEngine
            from dmdesk.services.workers import Workers
            from dmdesk.store.database import Database

            class Quiet:
                def messages_ingested(self, *a): pass
                def message_status_changed(self, *a): pass
                def account_status_changed(self, *a): pass

            workers = Workers()
            engine = SyncEngine(Database({str(db_path)!r}), workers, Quiet())
            due = datetime.fromisoformat({due.isoformat()!r})
            reply = lambda: engine.add_reply({conversation_id}, "see you at 9", send_at=due)
            workers.write(reply).result()
            print("scheduled", flush=True)
            time.sleep(600)
            """
        )
    )
    source = Path(__file__).parents[2]  # this DMDesk, not an installed one
    with subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(source)},
    ) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "scheduled"
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
    first = engines()
    first.start({account: telegram_for(fake_telegram)})
    wait_for(lambda: len(fake_telegram.sent) == 1)
    first.stop()
    again = engines()
    again.start({account: telegram_for(fake_telegram)})
    with database.transaction() as session:  # nothing left in the outbox to go again
        assert outbox.due(session, now(), {account.id}, set(), 10) == ([], None)
    again.stop()
    assert [m["text"] for m in fake_telegram.sent] == ["see you at 9"]


def test_a_customer_writing_first_holds_it_until_the_owner_says(
    fake_telegram, chat, engines, workers, database, db_path
) -> None:
    account, conversation_id = chat
    engine = engines()
    soon = now() + timedelta(hours=1)
    message_id = later(workers, engine, conversation_id, "Your order ships Monday", soon)
    nadia = Participant("777", "Nadia", "@nadia_k")
    a_minute_ago = now() - timedelta(minutes=91)  # fetched() dates message 90 at +90 min
    wrote = fetched(90, a_minute_ago, conversation="777", person=nadia)
    result = ingest(database, account, [wrote], now())
    assert result.held_message_ids == (message_id,)
    engine.start({account: telegram_for(fake_telegram)})
    reader = InboxReader(db_path)
    try:
        (held,) = reader.messages([message_id])
        assert held.held is HeldReason.THEY_WROTE and held.is_scheduled
        # Their message is news, though the reply waiting for its time is dated later.
        conversation = reader.conversation(conversation_id)
        assert conversation.snippet == "message 90" and conversation.unread_count == 1
    finally:
        reader.close()
    assert fake_telegram.sent == []
    assert workers.write(lambda: engine.release_scheduled(message_id, at_once=False)).result()
    with database.transaction() as session:  # released: it goes at its time, not before
        assert outbox.due(session, now(), {account.id}, set(), 10)[0] == []
    assert workers.write(lambda: engine.release_scheduled(message_id, at_once=True)).result()
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.SENT)
    assert len(fake_telegram.sent) == 1
    reader = InboxReader(db_path)
    try:  # said now: the newest message, and the wait is over
        assert reader.conversation(conversation_id).snippet == "Your order ships Monday"
        assert reader.conversation(conversation_id).waiting_since is None
    finally:
        reader.close()


def test_someone_who_opted_out_by_its_time_is_asked_about_again(
    fake_telegram, chat, engines, workers, database, db_path
) -> None:
    from dmdesk.store import contacts as contact_store

    account, conversation_id = chat
    engine = engines()
    message_id = later(workers, engine, conversation_id, "A new collection!", now())
    reader = InboxReader(db_path)
    contact_id = reader.conversation(conversation_id).contact_id
    with database.transaction() as session:
        contact_store.set_do_not_message(session, contact_id, True)
    engine.start({account: telegram_for(fake_telegram)})
    wait_for(lambda: reader.messages([message_id])[0].held is HeldReason.OPTED_OUT)
    assert fake_telegram.sent == []
    workers.write(lambda: engine.release_scheduled(message_id, at_once=True)).result()
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.SENT)
    reader.close()


def test_a_reconnected_account_does_not_send_a_reply_before_its_time(
    chat, database, workers, engines
) -> None:
    account, conversation_id = chat
    engine = engines()
    tomorrow = now() + timedelta(days=1)
    message_id = later(workers, engine, conversation_id, "tomorrow", tomorrow)
    with database.transaction() as session:
        outbox.reschedule_account(session, account.id, now())
        assert outbox.get(session, message_id).next_attempt_at == tomorrow.replace(
            microsecond=tomorrow.microsecond // 1000 * 1000
        )


def test_a_cancelled_reply_gives_its_text_back_and_the_customer_waits_again(
    chat, database, workers, engines, db_path
) -> None:
    _account, conversation_id = chat
    engine = engines()
    reader = InboxReader(db_path)
    try:
        waited = reader.conversation(conversation_id).waiting_since
        message_id = later(workers, engine, conversation_id, "draft", now() + timedelta(hours=2))
        # Scheduled is not answered: she waits until it goes.
        assert reader.conversation(conversation_id).waiting_since == waited
        assert reader.conversation(conversation_id).next_scheduled_at is not None
        assert reader.scheduled_count() == 1
        assert workers.write(lambda: engine.cancel_scheduled(message_id)).result() == "draft"
        assert reader.messages([message_id]) == []
        assert reader.conversation(conversation_id).snippet == "message 1"
        assert reader.scheduled_count() == 0
    finally:
        reader.close()


def test_a_file_sent_later_goes_though_its_original_was_deleted(
    fake_telegram, chat, engines, workers, db_path, tmp_path
) -> None:
    from dmdesk.services.outgoing_files import attachment_for

    account, conversation_id = chat
    engine = engines()
    engine.start({account: telegram_for(fake_telegram)})
    original = tmp_path / "size chart.pdf"
    original.write_bytes(b"%PDF-1.4 sizes S M L")
    attachment = attachment_for(original)
    message_id = workers.write(
        lambda: engine.add_reply(
            conversation_id, "Here's the chart", (attachment,), send_at=now() + timedelta(seconds=1)
        )
    ).result()
    original.unlink()  # tidied away before the reply's time
    wait_for(lambda: status_of(db_path, message_id) is MessageStatus.SENT)
    assert len(fake_telegram.sent) == 2  # the text, then the file
    reader = InboxReader(db_path)
    try:
        [kept] = reader.messages([message_id])[0].attachments
    finally:
        reader.close()
    assert kept.local_path != str(original) and Path(kept.local_path).read_bytes().startswith(
        b"%PDF"
    )
    assert Path(kept.local_path).is_relative_to(db_path.parent / "outgoing")


def test_a_send_answered_after_its_reply_was_deleted_touches_no_other_reply(
    fake_telegram, chat, engines, workers, database, db_path, data_dir, caplog
) -> None:
    account, conversation_id = chat
    omar = Participant("888", "Omar", "@omar")
    other = ingest(database, account, [fetched(2, NOW, conversation="888", person=omar)], NOW)
    fake_telegram.spoil("late", method="sendMessage", delay_s=0.8)
    engine = engines()
    engine.start({account: telegram_for(fake_telegram)})
    reply(workers, engine, conversation_id, "Your parcel left today!")
    wait_for(lambda: len(fake_telegram.sent) == 1)  # on its way, Telegram's answer not yet
    with database.transaction() as session:
        (nadia,) = (
            session.connection()
            .exec_driver_sql(
                "SELECT contact_id FROM conversations WHERE id = ?", (conversation_id,)
            )
            .one()
        )
    forgetting = PersonForgetting(database, data_dir, ThumbnailCache(data_dir / "thumbnails"))
    assert workers.write(lambda: forgetting.forget(nadia)).result() is not None
    # SQLite gives the next reply the deleted one's id: Telegram's late answer for
    # Nadia's reply must not mark Omar's sent (it would never go) nor fail it.
    next_reply = reply(workers, engine, other.new_conversation_ids[0], "Hello Omar")

    wait_for(lambda: status_of(db_path, next_reply) is MessageStatus.SENT)
    assert [m["text"] for m in fake_telegram.sent] == ["Your parcel left today!", "Hello Omar"]
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
