from datetime import timedelta

from factories import CUSTOMER, NOW, add_account, fetched, ingest

from dmdesk.domain import (
    Attachment,
    AttachmentKind,
    Direction,
    ListQuery,
    MessageStatus,
    StatusUpdate,
    View,
)
from dmdesk.store import conversations as conversation_store
from dmdesk.store import messages as message_store
from dmdesk.store.reads import InboxReader


def test_the_same_message_twice_is_stored_once(database, db_path) -> None:
    account = add_account(database)
    items = [fetched(1, NOW), fetched(2, NOW)]
    first = ingest(database, account, items, NOW)
    second = ingest(database, account, [*items, fetched(3, NOW)], NOW)
    assert len(first.new_message_ids) == 2
    assert len(second.new_message_ids) == 1
    reader = InboxReader(db_path)
    [conversation] = reader.conversation_page(ListQuery())
    assert conversation.unread_count == 3
    assert [m.text for m in reader.thread_page(conversation.id)] == [
        "message 1",
        "message 2",
        "message 3",
    ]


def test_an_edit_updates_the_stored_message(database, db_path) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(1, NOW, text="helo")], NOW)
    result = ingest(database, account, [fetched(1, NOW, text="hello")], NOW)
    assert result.new_message_ids == () and len(result.updated_message_ids) == 1
    [message] = InboxReader(db_path).messages(result.updated_message_ids)
    assert message.text == "hello"


def test_new_incoming_message_brings_an_archived_conversation_back(database, db_path) -> None:
    account = add_account(database)
    result = ingest(database, account, [fetched(1, NOW)], NOW)
    with database.transaction() as session:
        conversation_store.update_flags(session, result.touched_conversation_ids, archived=True)
    reader = InboxReader(db_path)
    assert reader.conversation_page(ListQuery(view=View.INBOX)) == []
    ingest(database, account, [fetched(2, NOW)], NOW)
    assert len(reader.conversation_page(ListQuery(view=View.INBOX))) == 1


def test_contacts_are_created_once_per_identity(database, db_path) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(1, NOW, conversation="a")], NOW)
    ingest(database, account, [fetched(1, NOW, conversation="b")], NOW)
    reader = InboxReader(db_path)
    ids = {c.contact_id for c in reader.conversation_page(ListQuery())}
    assert len(ids) == 1


def test_attachments_are_kept(database, db_path) -> None:
    account = add_account(database)
    photo = Attachment(AttachmentKind.IMAGE, "photo.jpg", "image/jpeg", url="x", size=10)
    result = ingest(database, account, [fetched(1, NOW, text="", attachments=(photo,))], NOW)
    reader = InboxReader(db_path)
    [message] = reader.messages(result.new_message_ids)
    assert message.attachments == (photo,)
    [row] = reader.conversation_page(ListQuery())
    assert row.snippet == "Sent an attachment"


def test_reply_is_pending_until_sent_and_status_only_moves_forward(database, db_path) -> None:
    account = add_account(database)
    result = ingest(database, account, [fetched(1, NOW)], NOW)
    conversation_id = result.touched_conversation_ids[0]
    with database.transaction() as session:
        message_id = message_store.add_outgoing(
            session, conversation_id, "On its way!", "client-1", NOW + timedelta(hours=1)
        )
    reader = InboxReader(db_path)
    [reply] = reader.messages([message_id])
    assert reply.status is MessageStatus.PENDING and reply.direction is Direction.OUTGOING
    assert reader.conversation(conversation_id).unread_count == 0  # replying reads it
    with database.transaction() as session:
        message_store.mark_sent(session, message_id, "p-1")
        message_store.apply_status_updates(
            session, account.id, [StatusUpdate("p-1", MessageStatus.READ)]
        )
        message_store.apply_status_updates(
            session, account.id, [StatusUpdate("p-1", MessageStatus.DELIVERED)]
        )
        message_store.mark_failed(session, message_id)
    assert reader.messages([message_id])[0].status is MessageStatus.READ


def test_a_read_marker_reads_every_earlier_reply_of_the_conversation(database, db_path) -> None:
    account = add_account(database)
    out = Direction.OUTGOING
    ingest(
        database,
        account,
        [
            fetched(1, NOW),
            fetched(2, NOW, direction=out),
            fetched(3, NOW, direction=out),
            fetched(4, NOW),  # the customer read up to their own message
            fetched(5, NOW, direction=out),
            fetched(1, NOW, conversation="c-2", direction=out),
        ],
        NOW,
    )
    reader = InboxReader(db_path)
    first, other = sorted(reader.conversation_page(ListQuery()), key=lambda c: c.id)
    with database.transaction() as session:
        waiting = message_store.add_outgoing(
            session, first.id, "Still sending", "client-w", NOW + timedelta(minutes=3, seconds=1)
        )
        changed = message_store.apply_status_updates(
            session, account.id, [StatusUpdate("m-c-1-4", MessageStatus.READ, and_earlier=True)]
        )
    statuses = {m.platform_message_id: m.status for m in reader.thread_page(first.id)}
    assert statuses == {
        "m-c-1-1": MessageStatus.DELIVERED,  # theirs: untouched
        "m-c-1-2": MessageStatus.READ,
        "m-c-1-3": MessageStatus.READ,
        "m-c-1-4": MessageStatus.DELIVERED,
        "m-c-1-5": MessageStatus.SENT,  # after the marker
        None: MessageStatus.PENDING,  # not sent yet: nothing to read
    }
    assert len(changed) == 2 and waiting not in changed
    assert [m.status for m in reader.thread_page(other.id)] == [MessageStatus.SENT]
    with database.transaction() as session:  # again, or for a message never stored
        assert not message_store.apply_status_updates(
            session,
            account.id,
            [
                StatusUpdate("m-c-1-4", MessageStatus.READ, and_earlier=True),
                StatusUpdate("unknown", MessageStatus.READ, and_earlier=True),
            ],
        )


def test_a_chat_read_in_another_app_is_read_here_up_to_where_it_was_read(database, db_path) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(n, NOW) for n in (1, 2, 3, 4)], NOW)
    reader = InboxReader(db_path)
    (conversation,) = reader.conversation_page(ListQuery())
    assert conversation.unread_count == 4
    with database.transaction() as session:  # read on the phone up to the second
        assert message_store.read_up_to(session, account.id, ["m-c-1-2"]) == [conversation.id]
    assert reader.conversation(conversation.id).unread_count == 2
    with database.transaction() as session:  # a stale or unknown marker: nothing unread again
        assert message_store.read_up_to(session, account.id, ["m-c-1-1", "unknown"]) == []
    assert reader.conversation(conversation.id).unread_count == 2


def test_a_reply_sent_from_another_app_reads_the_chat(database, db_path) -> None:
    account = add_account(database)
    out = Direction.OUTGOING
    ingest(database, account, [fetched(1, NOW), fetched(2, NOW)], NOW)
    reader = InboxReader(db_path)
    (conversation,) = reader.conversation_page(ListQuery())
    late_echo = [fetched(3, NOW - timedelta(hours=1), direction=out)]  # older than the rest
    ingest(database, account, late_echo, NOW)
    assert reader.conversation(conversation.id).unread_count == 2
    ingest(database, account, [fetched(4, NOW, direction=out), fetched(5, NOW)], NOW)
    assert reader.conversation(conversation.id).unread_count == 1  # what came after it


def test_reactions_are_kept_once_grouped_by_emoji_and_taken_back(database, db_path) -> None:
    from dataclasses import replace

    from dmdesk.domain import FetchedReaction, Participant, Reaction

    account = add_account(database)
    ingest(database, account, [fetched(1, NOW), fetched(2, NOW, direction=Direction.OUTGOING)], NOW)
    bea = Participant("u-2", "Bea")
    shop = Participant("me", "Shop")

    def reaction(n: int, on: str, who: Participant, key: str) -> FetchedReaction:
        direction = Direction.OUTGOING if who is shop else Direction.INCOMING
        return FetchedReaction(f"r-{n}", on, who, direction, key)

    reactions = [
        reaction(1, "m-c-1-2", CUSTOMER, "👍"),
        reaction(2, "m-c-1-2", bea, "❤️"),
        reaction(3, "m-c-1-2", shop, "👍"),
        reaction(4, "m-c-1-1", shop, "🙏"),
        reaction(5, "never-had", CUSTOMER, "😮"),  # dropped
    ]
    with database.transaction() as session:
        changed = message_store.add_reactions(session, account.id, reactions)
        assert len(changed) == 2
        assert not message_store.add_reactions(session, account.id, reactions[:1])  # once
    reader = InboxReader(db_path)
    (conversation,) = reader.conversation_page(ListQuery())
    theirs, ours = reader.thread_page(conversation.id)
    assert theirs.reactions == (Reaction("🙏", ("Shop",), ours=True),)
    assert ours.reactions == (
        Reaction("👍", ("Ada Customer", "Shop"), ours=True),
        Reaction("❤️", ("Bea",)),
    )
    taken_back = replace(fetched(9, NOW), platform_message_id="r-2", unsent=True, amends=True)
    result = ingest(database, account, [taken_back], NOW)
    assert result.updated_message_ids == (ours.id,) and not result.new_message_ids
    assert result.touched_conversation_ids == (conversation.id,)
    assert reader.messages([ours.id])[0].reactions == (
        Reaction("👍", ("Ada Customer", "Shop"), ours=True),
    )
    assert reader.messages([theirs.id])[0].text == theirs.text  # nothing else touched


def test_a_bridged_conversation_wears_its_network_badge(database, db_path) -> None:
    from dataclasses import replace

    from dmdesk.domain import ListQuery, Platform

    matrix = add_account(database, Platform.MATRIX)
    ingest(database, matrix, [replace(fetched(1, NOW), platform=Platform.WHATSAPP)], NOW)
    reader = InboxReader(db_path)
    try:
        (conversation,) = reader.conversation_page(ListQuery())
        assert conversation.platform is Platform.WHATSAPP
    finally:
        reader.close()


def test_a_customer_writing_again_brings_a_trashed_conversation_back(database, db_path) -> None:
    account = add_account(database)
    result = ingest(database, account, [fetched(1, NOW)], NOW)
    with database.transaction() as session:
        conversation_store.update_flags(session, result.touched_conversation_ids, trashed=True)
    reader = InboxReader(db_path)
    assert reader.conversation_page(ListQuery(view=View.INBOX)) == []
    ingest(database, account, [fetched(2, NOW)], NOW)
    (back,) = reader.conversation_page(ListQuery(view=View.INBOX))
    assert back.unread_count == 2
    assert reader.conversation_page(ListQuery(view=View.TRASH)) == []


def test_an_old_message_arriving_late_neither_brings_back_nor_counts(database, db_path) -> None:
    """A gap filled or a backfill brings messages older than the conversation's
    last one: that is history, not news."""
    account = add_account(database)
    result = ingest(database, account, [fetched(5, NOW)], NOW)
    with database.transaction() as session:
        conversation_store.update_flags(
            session, result.touched_conversation_ids, archived=True, read=True
        )
    ingest(database, account, [fetched(1, NOW)], NOW)  # from before message 5
    reader = InboxReader(db_path)
    assert reader.conversation_page(ListQuery(view=View.INBOX)) == []
    (archived,) = reader.conversation_page(ListQuery(view=View.ARCHIVED))
    assert archived.unread_count == 0 and archived.snippet == "message 5"
