"""Snoozes in the store: out of the Inbox until their time, back at the top of it,
unread and announced once; woken early by the customer; ended by archive and
trash; undone; kept across a restart and caught up after one; and the Follow-ups
view with the contacts' own follow-up dates."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest
from factories import NOW, add_account, fetched, ingest
from old_schema import schema_at

from dmdesk.domain import Direction, ListQuery, Participant, View, follow_up_moment
from dmdesk.services.inbox import InboxService
from dmdesk.store.database import Database, ensure_schema
from dmdesk.store.reads import InboxReader

LATER = NOW + timedelta(hours=3)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW + timedelta(hours=1))


@pytest.fixture
def inbox(database: Database, clock: Clock) -> InboxService:
    return InboxService(database, clock)


@pytest.fixture
def reader(database: Database):
    ensure_schema(database.path)
    reader = InboxReader(database.path)
    yield reader
    reader.close()


def titles(reader: InboxReader, view: View) -> list[str]:
    return [c.title for c in reader.conversation_page(ListQuery(view=view))]


def person(name: str) -> Participant:
    return Participant(f"u-{name}", name, name.lower())


def three_customers(database: Database) -> dict[str, int]:
    """Ann, Ben and Cat wrote, Cat last; each waits for an answer."""
    account = add_account(database)
    for number, name in enumerate(("Ann", "Ben", "Cat")):
        ingest(database, account, [fetched(number, NOW, name, person=person(name))], NOW)
    reader = InboxReader(database.path)
    try:
        return {c.title: c.id for c in reader.conversation_page(ListQuery())}
    finally:
        reader.close()


def test_a_snoozed_conversation_leaves_the_inbox_and_waits_in_snoozed(
    database, inbox, reader
) -> None:
    ids = three_customers(database)
    inbox.snooze([ids["Cat"]], LATER)
    inbox.snooze([ids["Ann"]], LATER - timedelta(hours=1))
    for view in (View.INBOX, View.UNREAD, View.WAITING):
        assert titles(reader, view) == ["Ben"], view
    assert titles(reader, View.SNOOZED) == ["Ann", "Cat"]  # the soonest first
    assert reader.snoozed_count() == 2
    assert reader.waiting_count() == 1
    assert reader.unread_counts() == (1, 1)
    assert reader.next_snooze_due() == LATER - timedelta(hours=1)
    (snoozed,) = [
        c for c in reader.conversation_page(ListQuery(view=View.SNOOZED)) if c.id == ids["Cat"]
    ]
    assert snoozed.snoozed_until == LATER


def test_the_snoozed_view_pages_by_its_time(database, inbox, reader) -> None:
    ids = three_customers(database)
    for hours, name in enumerate(("Cat", "Ann", "Ben"), start=2):
        inbox.snooze([ids[name]], NOW + timedelta(hours=hours))
    query = ListQuery(view=View.SNOOZED)
    first = reader.conversation_page(query, limit=2)
    rest = reader.conversation_page(query, after=reader.position_after(first[-1], query.view))
    assert [c.title for c in first + rest] == ["Cat", "Ann", "Ben"]


def test_at_its_time_it_comes_back_to_the_top_unread_to_be_announced(
    database, inbox, reader, clock
) -> None:
    ids = three_customers(database)
    inbox.set_read([ids["Ann"]], True)
    inbox.snooze([ids["Ann"]], LATER)
    clock.now = LATER - timedelta(seconds=1)
    assert inbox.wake_due_snoozes() == []
    clock.now = LATER
    assert inbox.wake_due_snoozes() == [ids["Ann"]]
    ann = reader.conversation(ids["Ann"])
    assert ann is not None
    assert titles(reader, View.INBOX)[0] == "Ann"
    assert ann.unread_count == 1 and ann.snoozed_until is None
    assert ann.last_activity_at == LATER
    assert [c.title for c in reader.back_from_snooze()] == ["Ann"]
    inbox.snoozes_announced([ids["Ann"]])
    assert reader.back_from_snooze() == []
    assert inbox.wake_due_snoozes() == []  # once


def test_reading_it_leaves_nothing_to_announce(database, inbox, reader, clock) -> None:
    ids = three_customers(database)
    inbox.snooze([ids["Ben"]], LATER)
    clock.now = LATER
    inbox.wake_due_snoozes()
    inbox.set_read([ids["Ben"]], True)
    assert reader.back_from_snooze() == []


def test_a_snooze_that_fell_due_while_dmdesk_was_closed_comes_back_at_the_next_start(
    database, db_path, clock
) -> None:
    ids = three_customers(database)
    InboxService(database, clock).snooze([ids["Ann"]], LATER)
    database.close()
    clock.now = LATER + timedelta(days=2)  # started again two days later
    reopened = Database(db_path)
    try:
        assert InboxService(reopened, clock).wake_due_snoozes() == [ids["Ann"]]
        reader = InboxReader(db_path)
        ann = reader.conversation(ids["Ann"])
        reader.close()
        # Where it stood at its time: what arrived since then stays above it.
        assert ann is not None and ann.last_activity_at == LATER
    finally:
        reopened.close()


def test_a_message_from_the_customer_wakes_it_early(database, inbox, reader) -> None:
    ids = three_customers(database)
    inbox.snooze([ids["Ann"]], LATER)
    account = reader.accounts()[0]
    ann = person("Ann")
    ingest(database, account, [fetched(30, NOW, "Ann", person=ann)], NOW)
    assert titles(reader, View.INBOX)[0] == "Ann"
    assert titles(reader, View.SNOOZED) == []
    assert reader.back_from_snooze() == []  # their message is the news


def test_a_reply_from_another_app_leaves_the_snooze_alone(database, inbox, reader) -> None:
    ids = three_customers(database)
    inbox.snooze([ids["Ann"]], LATER)
    account = reader.accounts()[0]
    ann = person("Ann")
    ingest(
        database,
        account,
        [fetched(30, NOW, "Ann", direction=Direction.OUTGOING, person=ann)],
        NOW,
    )
    assert titles(reader, View.SNOOZED) == ["Ann"]


def test_a_message_sent_before_its_return_but_arriving_after_still_counts(
    database, inbox, reader, clock
) -> None:
    ids = three_customers(database)
    inbox.snooze([ids["Ann"]], LATER)
    clock.now = LATER
    inbox.wake_due_snoozes()
    inbox.set_read([ids["Ann"]], True)
    account = reader.accounts()[0]
    ann = person("Ann")
    late = fetched(60, NOW, "Ann", person=ann, text="still there?")  # sent at 13:00
    ingest(database, account, [late], LATER)
    back = reader.conversation(ids["Ann"])
    assert back is not None
    assert back.snippet == "still there?" and back.unread_count == 1
    assert back.last_activity_at == LATER  # it does not sink below where it came back


def test_archive_and_trash_end_a_snooze(database, inbox, reader) -> None:
    ids = three_customers(database)
    inbox.snooze([ids["Ann"], ids["Ben"]], LATER)
    inbox.archive([ids["Ann"]])
    inbox.trash([ids["Ben"]])
    assert titles(reader, View.SNOOZED) == []
    assert reader.next_snooze_due() is None


def test_snoozing_an_archived_conversation_brings_it_back_to_the_inbox(
    database, inbox, reader, clock
) -> None:
    ids = three_customers(database)
    inbox.archive([ids["Ann"]])
    inbox.snooze([ids["Ann"]], LATER)
    assert titles(reader, View.ARCHIVED) == []
    clock.now = LATER
    inbox.wake_due_snoozes()
    assert titles(reader, View.INBOX)[0] == "Ann"


def test_undo_takes_a_snooze_back(database, inbox, reader) -> None:
    ids = three_customers(database)
    inbox.archive([ids["Ann"]])
    change = inbox.snooze([ids["Ann"]], LATER)
    assert change.description.startswith("Snoozed 1 conversation until today ")
    inbox.undo(change)
    assert titles(reader, View.SNOOZED) == []
    assert titles(reader, View.ARCHIVED) == ["Ann"]


def test_undo_of_an_unsnooze_snoozes_again(database, inbox, reader) -> None:
    ids = three_customers(database)
    inbox.snooze([ids["Ann"]], LATER, if_no_reply=True)
    change = inbox.unsnooze([ids["Ann"]])
    assert titles(reader, View.SNOOZED) == []
    inbox.undo(change)
    (ann,) = reader.conversation_page(ListQuery(view=View.SNOOZED))
    assert ann.snoozed_until == LATER and ann.flags.snooze_if_no_reply


def test_follow_ups_list_reminders_and_contact_dates_the_soonest_first(
    database, inbox, reader
) -> None:
    ids = three_customers(database)
    inbox.snooze([ids["Ann"]], NOW + timedelta(days=3), if_no_reply=True)
    inbox.snooze([ids["Ben"]], NOW + timedelta(days=1))  # a plain snooze: not a follow-up
    cat = reader.conversation(ids["Cat"])
    assert cat is not None and cat.contact_id is not None
    due = (NOW + timedelta(days=2)).astimezone().date()
    inbox.set_follow_up(cat.contact_id, due)
    listed = reader.conversation_page(ListQuery(view=View.FOLLOW_UPS))
    assert [c.title for c in listed] == ["Cat", "Ann"]
    assert listed[0].follow_up_at == follow_up_moment(due)
    assert listed[1].follow_up_at == NOW + timedelta(days=3)
    assert reader.follow_up_count() == 2
    first = reader.conversation_page(ListQuery(view=View.FOLLOW_UPS), limit=1)
    rest = reader.conversation_page(
        ListQuery(view=View.FOLLOW_UPS), after=reader.position_after(first[0], View.FOLLOW_UPS)
    )
    assert [c.title for c in first + rest] == ["Cat", "Ann"]


def test_a_conversation_with_both_is_listed_once_at_the_sooner(database, inbox, reader) -> None:
    ids = three_customers(database)
    ann = reader.conversation(ids["Ann"])
    assert ann is not None and ann.contact_id is not None
    inbox.set_follow_up(ann.contact_id, date(2027, 1, 4))
    inbox.snooze([ids["Ann"]], NOW + timedelta(days=3), if_no_reply=True)
    (listed,) = reader.conversation_page(ListQuery(view=View.FOLLOW_UPS))
    assert listed.follow_up_at == NOW + timedelta(days=3)


def test_the_migration_keeps_every_conversation_and_the_inbox_reads_one_index(tmp_path) -> None:
    db_path = tmp_path / "older.sqlite3"  # not the fixture's: that one is new already
    schema_at(db_path, "0006")
    raw = sqlite3.connect(db_path)
    raw.executescript(
        """
        INSERT INTO accounts (id, platform, display_name, handle, status, connector, created_at,
            settings, credential_key, status_detail) VALUES
            (1, 'instagram', 'Shop', '@shop', 'connected', 'demo', 0, '{}', '', '');
        INSERT INTO conversations (id, account_id, platform, platform_conversation_id, title,
            is_group, participants, last_activity_at, unread_count, archived, trashed, pinned,
            muted, draft_text) VALUES
            (1, 1, 'instagram', 'c-1', 'Ann', 0, '[]', 1000, 1, 0, 0, 0, 0, 'half a reply');
        """
    )
    raw.commit()
    raw.close()
    ensure_schema(db_path)
    reader = InboxReader(db_path)
    try:
        (ann,) = reader.conversation_page(ListQuery())
        assert ann.title == "Ann" and reader.draft(ann.id) == "half a reply"
        assert ann.snoozed_until is None and not ann.flags.snooze_if_no_reply
        plan = reader._connection.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM conversations c WHERE "
            "c.archived = 0 AND c.trashed = 0 AND c.snoozed_until IS NULL "
            "ORDER BY c.pinned DESC, c.last_activity_at DESC, c.id DESC"
        ).fetchall()
        assert "ix_conversations_inbox_order" in str(plan)
    finally:
        reader.close()
