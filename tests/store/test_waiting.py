"""Since when a customer has waited for an answer: from their first message after
the shop's last, ended by any reply (DMDesk's or another app's), back when a
failed reply is discarded, out of the way when no reply is needed, and never
started by history that arrives late (imports: tests/importers/test_import_waiting.py)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from factories import NOW, add_account, fetched, ingest
from old_schema import schema_at

from dmdesk.domain import Direction, ListQuery
from dmdesk.store import messages as message_store
from dmdesk.store import waiting
from dmdesk.store.database import database_path, ensure_schema
from dmdesk.store.reads import InboxReader


def waited_since(database, conversation_id: int | None = None) -> datetime | None:
    reader = InboxReader(database.path)
    try:
        (conversation,) = reader.conversation_page(ListQuery())
        return conversation.waiting_since
    finally:
        reader.close()


def the_conversation(database) -> int:
    reader = InboxReader(database.path)
    try:
        return reader.conversation_page(ListQuery())[0].id
    finally:
        reader.close()


def test_a_customer_waits_from_their_first_unanswered_message(database) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(1, NOW), fetched(2, NOW)], NOW)
    assert waited_since(database) == NOW + timedelta(minutes=1)  # the first, not the last


def test_a_reply_ends_the_wait_and_the_next_message_starts_a_new_one(database) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(1, NOW)], NOW)
    with database.transaction() as session:
        message_store.add_outgoing(
            session, the_conversation(database), "Hi!", "c-1", NOW + timedelta(minutes=5)
        )
    assert waited_since(database) is None
    ingest(database, account, [fetched(9, NOW)], NOW)
    assert waited_since(database) == NOW + timedelta(minutes=9)


def test_an_answer_from_the_platform_s_own_app_ends_the_wait(database) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(1, NOW), fetched(2, NOW, direction=Direction.OUTGOING)], NOW)
    assert waited_since(database) is None


def test_an_old_message_arriving_late_starts_no_wait(database) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(5, NOW, direction=Direction.OUTGOING)], NOW)
    ingest(database, account, [fetched(1, NOW)], NOW)  # a gap filled: before our answer
    assert waited_since(database) is None


def test_discarding_a_failed_reply_brings_the_wait_back(database) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(1, NOW)], NOW)
    conversation_id = the_conversation(database)
    with database.transaction() as session:
        reply = message_store.add_outgoing(session, conversation_id, "Hi!", "c-1", NOW)
        message_store.mark_failed(session, reply)
    assert waited_since(database) is None  # the owner has answered; it shows as not sent
    with database.transaction() as session:
        assert message_store.discard_failed(session, reply)
    assert waited_since(database) == NOW + timedelta(minutes=1)


def test_no_reply_needed_lasts_until_the_customer_writes_again(database) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(1, NOW, text="Thank you!!")], NOW)
    with database.transaction() as session:
        waiting.no_reply_needed(session, [the_conversation(database)])
    assert waited_since(database) is None
    ingest(database, account, [fetched(1, NOW)], NOW)  # the same message again: nothing new
    assert waited_since(database) is None
    ingest(database, account, [fetched(3, NOW, text="One more question")], NOW)
    assert waited_since(database) == NOW + timedelta(minutes=3)


def test_the_migration_finds_who_was_waiting(data_dir) -> None:
    path = database_path(data_dir)
    schema_at(path, "0005")
    hour = 3_600_000
    raw = sqlite3.connect(path)
    raw.executescript(
        f"""
        INSERT INTO accounts (id, platform, display_name, handle, status, connector, created_at,
            settings, credential_key, status_detail) VALUES
            (1, 'x', 'Shop', '', 'connected', 'demo', 0, '{{}}', '', ''),
            (2, 'whatsapp', 'Shop', '', 'imported', 'import', 0, '{{}}', '', '');
        INSERT INTO conversations (id, account_id, platform, platform_conversation_id, title,
            is_group, participants, last_activity_at, unread_count, archived, trashed, pinned,
            muted, draft_text) VALUES
            (1, 1, 'x', 'a', 'Waits', 0, '[]', {3 * hour}, 0, 0, 0, 0, 0, ''),
            (2, 1, 'x', 'b', 'Answered', 0, '[]', {2 * hour}, 0, 0, 0, 0, 0, ''),
            (3, 2, 'whatsapp', 'c', 'History', 0, '[]', {hour}, 0, 0, 0, 0, 0, '');
        INSERT INTO messages (conversation_id, account_id, platform_message_id, direction,
            text, sent_at, status, sender_platform_id, sender_name, edited, unsent,
            has_attachments) VALUES
            (1, 1, 'a1', 'outgoing', 'Hi', {hour}, 'sent', '', 'Shop', 0, 0, 0),
            (1, 1, 'a2', 'incoming', 'Question', {2 * hour}, 'delivered', '', 'A', 0, 0, 0),
            (1, 1, 'a3', 'incoming', 'Hello?', {3 * hour}, 'delivered', '', 'A', 0, 0, 0),
            (2, 1, 'b1', 'incoming', 'Question', {hour}, 'delivered', '', 'B', 0, 0, 0),
            (2, 1, 'b2', 'outgoing', 'Answer', {2 * hour}, 'sent', '', 'Shop', 0, 0, 0),
            (3, 2, 'c1', 'incoming', 'Old', {hour}, 'delivered', '', 'C', 0, 0, 0);
        """
    )
    raw.commit()
    raw.close()
    ensure_schema(path)
    raw = sqlite3.connect(path)
    rows = dict(raw.execute("SELECT title, waiting_since FROM conversations").fetchall())
    raw.close()
    assert rows == {"Waits": 2 * hour, "Answered": None, "History": None}


def test_a_wait_reads_back_in_utc(database) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(1, NOW)], NOW)
    since = waited_since(database)
    assert since is not None and since.tzinfo is UTC


def test_no_reply_needed_is_a_flag_that_undo_puts_back(database) -> None:
    from dmdesk.services.inbox import InboxService

    account = add_account(database)
    ingest(database, account, [fetched(1, NOW, text="Thanks so much!")], NOW)
    inbox = InboxService(database)
    change = inbox.no_reply_needed([the_conversation(database)])
    assert change.description == "No reply needed for 1 conversation"
    assert waited_since(database) is None
    inbox.undo(change)
    assert waited_since(database) == NOW + timedelta(minutes=1)


def test_the_waiting_view_lists_the_longest_wait_first_and_pages_by_it(database) -> None:
    from dmdesk.domain import Participant, View

    account = add_account(database)
    for number in range(7):
        person = Participant(f"u-{number}", f"Customer {number}")
        at = NOW - timedelta(hours=number * 3)
        ingest(database, account, [fetched(0, at, conversation=f"c-{number}", person=person)], NOW)
    with database.transaction() as session:  # Customer 3 has had an answer
        message_store.add_outgoing(session, 4, "Hi!", "x", NOW)
    reader = InboxReader(database.path)
    try:
        query = ListQuery(view=View.WAITING)
        first = reader.conversation_page(query, limit=4)
        rest = reader.conversation_page(
            query, after=reader.position_after(first[-1], query.view), limit=4
        )
        order = [c.title for c in first + rest]
        assert order == [f"Customer {n}" for n in (6, 5, 4, 2, 1, 0)]
        assert reader.waiting_count() == 6
    finally:
        reader.close()
