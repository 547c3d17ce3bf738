from factories import NOW, add_account, fetched, ingest

from dmdesk.domain import ListQuery, View
from dmdesk.services.inbox import InboxService
from dmdesk.services.undo import UndoStack
from dmdesk.store.reads import InboxReader


def _two_conversations(database):
    account = add_account(database)
    from dmdesk.domain import Participant

    ingest(
        database,
        account,
        [
            fetched(1, NOW, conversation="a", person=Participant("a", "Anna")),
            fetched(1, NOW, conversation="b", person=Participant("b", "Bo")),
        ],
        NOW,
    )


def test_archive_then_undo_restores_everything(database, db_path) -> None:
    _two_conversations(database)
    service = InboxService(database, clock=lambda: NOW)
    reader = InboxReader(db_path)
    change = service.archive([1, 2])
    assert change.description == "Archived 2 conversations"
    assert reader.conversation_page(ListQuery(view=View.INBOX)) == []
    service.undo(change)
    assert {c.id for c in reader.conversation_page(ListQuery())} == {1, 2}
    assert reader.conversation(1).unread_count == 1


def test_trash_restore_and_delete_forever(database, db_path) -> None:
    _two_conversations(database)
    service = InboxService(database)
    reader = InboxReader(db_path)
    service.trash([1])
    assert [c.id for c in reader.conversation_page(ListQuery(view=View.TRASH))] == [1]
    assert service.delete_forever([2]) == 0  # only trashed conversations can go
    assert service.delete_forever([1]) == 1
    assert reader.conversation(1) is None and reader.thread_page(1) == []


def test_read_unread_pin_mute(database, db_path) -> None:
    _two_conversations(database)
    service = InboxService(database)
    reader = InboxReader(db_path)
    service.set_read([1], True)
    assert reader.conversation(1).unread_count == 0
    service.set_read([1], False)
    assert reader.conversation(1).unread_count == 1
    service.set_pinned([2], True)
    service.set_muted([2], True)
    flags = reader.conversation(2).flags
    assert flags.pinned and flags.muted


def test_notes_and_contact_fields(database, db_path) -> None:
    _two_conversations(database)
    service = InboxService(database, clock=lambda: NOW)
    reader = InboxReader(db_path)
    contact_id = reader.conversation(1).contact_id
    note = service.add_note(contact_id, "Prefers oat colours")
    service.edit_note(note.id, "Prefers oat and charcoal")
    service.set_tags(contact_id, ["vip", " VIP ", "wholesale", ""])
    service.set_do_not_message(contact_id, True)
    contact = reader.contact(contact_id)
    assert contact.tags == ("vip", "wholesale") and contact.do_not_message
    assert [n.text for n in reader.notes(contact_id)] == ["Prefers oat and charcoal"]
    kept = reader.notes(contact_id)
    deletion = service.delete_note(note.id)
    assert reader.notes(contact_id) == []
    assert service.delete_note(note.id) is None
    service.undo(deletion)
    assert reader.notes(contact_id) == kept  # same id, text and times


def test_undo_stack_is_bounded_and_newest_first() -> None:
    from dmdesk.domain import ConversationFlags
    from dmdesk.services.undo import FlagChange

    stack = UndoStack(limit=3)
    for i in range(5):
        stack.push(FlagChange(str(i), {i: ConversationFlags()}))
    stack.push(FlagChange("empty", {}))
    assert len(stack) == 3
    assert [stack.pop().description for _ in range(3)] == ["4", "3", "2"]
    assert stack.pop() is None
