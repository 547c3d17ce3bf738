"""The undo stack forgets what names conversations deleted for good: SQLite gives
their ids to the next conversations, which an undo would otherwise change."""

from __future__ import annotations

from datetime import UTC, datetime

from dmdesk.domain import ConversationFlags, Note
from dmdesk.services.undo import FlagChange, NoteDeletion, UndoStack


def test_entries_naming_deleted_conversations_leave_the_stack_and_the_rest_stay() -> None:
    stack = UndoStack()
    archived = FlagChange(
        "Archived 2 conversations", {4: ConversationFlags(), 7: ConversationFlags()}
    )
    pinned = FlagChange("Pinned", {9: ConversationFlags()})
    note = NoteDeletion(Note(1, 3, "Size M", datetime.now(UTC), datetime.now(UTC)))
    for change in (archived, note, pinned):
        stack.push(change)

    stack.drop_naming([7])

    assert [stack.pop(), stack.pop(), stack.pop()] == [pinned, note, None]
