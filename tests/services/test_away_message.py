"""The away message: once per night per customer, through the outbox, never to a
group, an opt-out, a bot or an old message, and never where the platform forbids
it; it neither ends the customer's wait nor hides their message."""

import threading
from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest
from factories import add_account, fetched, ingest
from fakes.telegram_server import TOKEN

from dmdesk.connectors.telegram import TelegramConnector
from dmdesk.domain import Direction, MessageStatus, Participant, Platform, Profile
from dmdesk.services.away_answering import answer_while_away
from dmdesk.services.away_message import (
    EVERY_PLATFORM,
    AwayMessage,
    AwayPlan,
    away_text,
    should_answer,
)
from dmdesk.services.business_hours import BusinessHours, Span, opening_words
from dmdesk.services.inbox import InboxService
from dmdesk.services.sync import SyncEngine
from dmdesk.store import quick_replies as reply_store
from dmdesk.store.away_replies import WroteWhileAway
from dmdesk.store.reads import InboxReader

WEEKDAYS = (Span(time(9), time(17, 30)),)
HOURS = BusinessHours((WEEKDAYS,) * 5 + ((Span(time(10), time(14)),), ()))
PLAN = AwayPlan(AwayMessage(), HOURS)


def local(*args: int) -> datetime:
    return datetime(*args).astimezone()  # on the owner's (London) clock


@pytest.fixture(autouse=True)
def in_london(london):
    """Every time here is on London's clock."""


def wrote(at: datetime, **changes) -> WroteWhileAway:
    fields = {
        "conversation_id": 1,
        "platform": Platform.TELEGRAM,
        "written_at": at,
        "name": "Nadia Kaur",
        "handle": "@nadia_k",
        "shop_wrote_at": None,
        "automatic_at": None,
    }
    return WroteWhileAway(**(fields | changes))


# --- the rules of time -------------------------------------------------------------------


def test_a_message_at_night_is_answered_and_one_in_the_day_is_not() -> None:
    night = local(2026, 11, 24, 22, 0)  # a Tuesday
    assert should_answer(PLAN, wrote(night), night + timedelta(minutes=1))
    day = local(2026, 11, 24, 11, 0)
    assert not should_answer(PLAN, wrote(day), day + timedelta(minutes=1))


def test_no_answer_once_the_shop_has_opened_since_they_wrote() -> None:
    night = local(2026, 11, 24, 22, 0)
    # DMDesk was closed all night and starts at 19:00 the next day: the shop has
    # been open since, so somebody saw the message (or will answer it by hand).
    assert not should_answer(PLAN, wrote(night), local(2026, 11, 25, 19, 0))


def test_an_old_message_arriving_late_gets_nothing() -> None:
    friday = local(2026, 11, 27, 18, 0)
    sunday = local(2026, 11, 29, 20, 0)  # closed all along, but two days late
    assert not should_answer(PLAN, wrote(friday), sunday)


def test_not_again_within_every_hours_then_again_after() -> None:
    night = local(2026, 11, 24, 22, 0)
    earlier = night - timedelta(hours=3)
    assert not should_answer(PLAN, wrote(night, automatic_at=earlier), night)
    weekend = local(2026, 11, 28, 23, 0)  # Saturday night: closed since 14:00
    assert should_answer(
        PLAN, wrote(weekend, automatic_at=weekend - timedelta(hours=12, minutes=1)), weekend
    )


def test_not_when_someone_at_the_shop_is_writing_tonight() -> None:
    night = local(2026, 11, 24, 22, 0)
    tonight = night - timedelta(minutes=20)
    assert not should_answer(PLAN, wrote(night, shop_wrote_at=tonight), night)
    this_afternoon = local(2026, 11, 24, 16, 0)  # a reply while open does not count
    assert should_answer(PLAN, wrote(night, shop_wrote_at=this_afternoon), night)


def test_only_where_the_platform_allows_automated_replies() -> None:
    night = local(2026, 11, 24, 22, 0)
    for platform in (Platform.TELEGRAM, Platform.X, Platform.MATRIX, Platform.INSTAGRAM):
        assert should_answer(PLAN, wrote(night, platform=platform), night)
    for platform in (Platform.WHATSAPP, Platform.LINKEDIN, Platform.SIGNAL):
        assert not should_answer(PLAN, wrote(night, platform=platform), night)
    meta_window_gone = night + timedelta(hours=24, minutes=1)
    assert not should_answer(PLAN, wrote(night, platform=Platform.MESSENGER), meta_window_gone)


def test_no_business_hours_means_no_away_message() -> None:
    night = local(2026, 11, 24, 22, 0)
    assert not should_answer(AwayPlan(AwayMessage(), BusinessHours()), wrote(night), night)


def test_a_platform_s_own_text_or_the_one_for_all() -> None:
    message = AwayMessage({EVERY_PLATFORM: "For all", "instagram": "Insta only"})
    assert message.text_for(Platform.INSTAGRAM) == "Insta only"
    assert message.text_for(Platform.TELEGRAM) == "For all"
    again = AwayMessage.from_json(message.to_json())
    assert again == message
    assert AwayMessage.from_json("{not json") == AwayMessage()
    assert not should_answer(
        AwayPlan(AwayMessage({"instagram": "Insta only"}), HOURS),
        wrote(local(2026, 11, 24, 22, 0)),
        local(2026, 11, 24, 22, 0),
    )  # no text for Telegram, none for all: nothing to send


# --- the words -----------------------------------------------------------------------------


def test_the_text_is_filled_for_the_person_with_the_next_opening() -> None:
    now = local(2026, 11, 27, 20, 0)  # Friday evening: open Saturday 10:00
    text = away_text(
        AwayMessage().text_for(Platform.TELEGRAM),
        "Nadia Kaur",
        "@nadia_k",
        Platform.TELEGRAM,
        Profile("Sam", "Marlow & Finch"),
        HOURS.next_open(now),
        now,
    )
    assert text == (
        "Hi Nadia, thanks for your message to Marlow & Finch! We're closed right now "
        "and will reply tomorrow at 10:00."
    )


def test_a_variable_with_nothing_to_say_is_left_out_not_sent_in_braces() -> None:
    now = local(2026, 11, 24, 22, 0)
    text = away_text("Hi {first_name}, back {next_open}.", "", "", Platform.X, Profile(), None, now)
    assert text == "Hi, back."


def test_opening_words_read_as_a_customer_reads_them() -> None:
    now = local(2026, 11, 24, 22, 0)  # Tuesday
    assert opening_words(local(2026, 11, 25, 9, 0), now) == "tomorrow at 09:00"
    assert opening_words(local(2026, 11, 28, 10, 0), now) == "on Saturday at 10:00"
    assert opening_words(local(2026, 12, 7, 9, 0), now) == "on Monday 7 December at 09:00"


# --- in the store ---------------------------------------------------------------------------


def test_the_away_message_neither_ends_the_wait_nor_hides_their_message(database, db_path):
    account = add_account(database, Platform.TELEGRAM)
    night = local(2026, 11, 24, 22, 0)
    nadia = Participant("777", "Nadia Kaur", "@nadia_k")
    result = ingest(database, account, [fetched(1, night, conversation="777", person=nadia)], night)
    [conversation_id] = result.new_conversation_ids
    with database.transaction() as session:
        reply_store.set_profile(session, Profile("Sam", "Marlow & Finch"))
        [away_id] = answer_while_away(
            session, PLAN, result.touched_conversation_ids, result.new_message_ids, night
        )
    reader = InboxReader(db_path)
    summary = reader.conversation(conversation_id)
    assert summary.waiting_since == night + timedelta(minutes=1)
    assert summary.unread_count == 1
    assert summary.snippet == "message 1" and not summary.snippet_outgoing
    [message] = reader.messages([away_id])
    assert message.automatic and message.direction is Direction.OUTGOING
    assert message.status is MessageStatus.PENDING
    assert "Hi Nadia" in message.text
    reader.close()


def test_never_to_a_group_an_opt_out_or_a_bot(database, db_path):
    account = add_account(database, Platform.TELEGRAM)
    night = local(2026, 11, 24, 22, 0)
    group = replace(fetched(1, night, conversation="-100"), is_group=True)
    bot = replace(fetched(1, night, conversation="555"), automatic=True)
    olly = fetched(1, night, conversation="888", person=Participant("888", "Olly"))
    result = ingest(database, account, [group, bot, olly], night)
    reader = InboxReader(db_path)
    olly_contact = reader.conversation(result.new_conversation_ids[2]).contact_id
    assert reader.conversation(result.new_conversation_ids[1]).waiting_since is None  # a bot
    reader.close()
    InboxService(database).set_do_not_message(olly_contact, True)
    with database.transaction() as session:
        answered = answer_while_away(
            session, PLAN, result.touched_conversation_ids, result.new_message_ids, night
        )
    assert answered == ()


# --- through the engine and a real HTTP server ---------------------------------------------


class Listener:
    def __init__(self) -> None:
        self.sent = threading.Event()

    def messages_ingested(self, account_id, result) -> None:
        pass

    def message_status_changed(self, message_ids) -> None:
        self.sent.set()

    def account_status_changed(self, account_id, status, detail) -> None:
        pass


def test_a_burst_of_fifty_messages_at_night_gets_exactly_one_away_message(
    fake_telegram, database, db_path, workers
):
    night = local(2026, 11, 24, 22, 0)
    clock = {"now": night}
    fake_telegram.clock = int(night.timestamp())
    account = add_account(database, Platform.TELEGRAM)
    with database.transaction() as session:
        reply_store.set_profile(session, Profile("Sam", "Marlow & Finch"))
    listener = Listener()
    engine = SyncEngine(database, workers, listener, clock=lambda: clock["now"])
    connector = TelegramConnector(
        TOKEN, base_url=fake_telegram.url, long_poll_seconds=0, timeout_s=2
    )
    try:
        engine.set_away_message(PLAN)
        engine._connectors[account.id] = connector
        # Twenty in one fetch, then thirty more, a fetch each, a minute apart.
        for number in range(20):
            fake_telegram.customer_writes(f"hello? {number}")
        clock["now"] = night + timedelta(minutes=21)
        first = engine.sync_once(account)
        for number in range(20, 50):
            fake_telegram.customer_writes(f"hello? {number}")
            clock["now"] += timedelta(minutes=1)
            assert engine.sync_once(account).away_message_ids == ()
        assert len(first.away_message_ids) == 1
        assert listener.sent.wait(10)
        reader = InboxReader(db_path)
        [away] = reader.messages(first.away_message_ids)
        assert away.status is MessageStatus.SENT and away.automatic
        assert len(fake_telegram.sent) == 1
        assert fake_telegram.sent[0]["text"].startswith("Hi Nadia, thanks for your message")
        assert "tomorrow at 09:00" in fake_telegram.sent[0]["text"]
        conversation = reader.conversation(away.conversation_id)
        assert conversation.unread_count == 50 and conversation.waiting_since is not None
        reader.close()
    finally:
        engine.stop()
        connector.close()
