"""What the user does to conversations and contacts, with undo.

Every method is a short unit of work meant to run on the writer lane.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from dmdesk.domain import Note, PeopleMerge, PersonSplit, StageChange
from dmdesk.services.snooze_times import when_words
from dmdesk.services.undo import Change, FlagChange, NoteDeletion, count_phrase
from dmdesk.store import contacts as contact_store
from dmdesk.store import conversations as conversation_store
from dmdesk.store import people as people_store
from dmdesk.store import snoozes as snooze_store
from dmdesk.store import stages as stage_store
from dmdesk.store.database import Database

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class InboxService:
    def __init__(self, database: Database, clock: Clock = utc_now) -> None:
        self._database = database
        self._clock = clock

    def _change(self, ids: Sequence[int], verb: str, **flags: bool) -> FlagChange:
        with self._database.transaction() as session:
            before = conversation_store.update_flags(session, ids, **flags)
        return FlagChange(f"{verb} {count_phrase(len(before), 'conversation')}", before)

    def archive(self, ids: Sequence[int]) -> FlagChange:
        return self._change(ids, "Archived", archived=True)

    def unarchive(self, ids: Sequence[int]) -> FlagChange:
        return self._change(ids, "Moved to Inbox", archived=False)

    def trash(self, ids: Sequence[int]) -> FlagChange:
        return self._change(ids, "Moved to Trash", trashed=True)

    def restore(self, ids: Sequence[int]) -> FlagChange:
        return self._change(ids, "Restored", trashed=False)

    def set_read(self, ids: Sequence[int], read: bool) -> FlagChange:
        return self._change(ids, "Marked as read" if read else "Marked as unread", read=read)

    def set_pinned(self, ids: Sequence[int], pinned: bool) -> FlagChange:
        return self._change(ids, "Pinned" if pinned else "Unpinned", pinned=pinned)

    def set_muted(self, ids: Sequence[int], muted: bool) -> FlagChange:
        return self._change(ids, "Muted" if muted else "Unmuted", muted=muted)

    def no_reply_needed(self, ids: Sequence[int]) -> FlagChange:
        """Out of Waiting without a reply (a "thank you!"), until they write again."""
        with self._database.transaction() as session:
            before = conversation_store.update_flags(session, ids, reply_needed=False)
        return FlagChange(
            f"No reply needed for {count_phrase(len(before), 'conversation')}", before
        )

    # --- snoozes ---------------------------------------------------------------------

    def snooze(
        self, ids: Sequence[int], until: datetime, *, if_no_reply: bool = False
    ) -> FlagChange:
        """Out of the Inbox until ``until`` (or until the customer writes)."""
        with self._database.transaction() as session:
            before = snooze_store.snooze(session, ids, until, if_no_reply=if_no_reply)
        when = when_words(until, self._clock())
        if if_no_reply:
            verb = f"Will remind you {when} if they don't reply:"
            return FlagChange(f"{verb} {count_phrase(len(before), 'conversation')}", before)
        return FlagChange(
            f"Snoozed {count_phrase(len(before), 'conversation')} until {when}", before
        )

    def unsnooze(self, ids: Sequence[int]) -> FlagChange:
        with self._database.transaction() as session:
            before = snooze_store.unsnooze(session, ids)
        return FlagChange(f"Unsnoozed {count_phrase(len(before), 'conversation')}", before)

    def wake_due_snoozes(self) -> list[int]:
        """Bring back what is due by now (also what fell due while DMDesk was closed)."""
        with self._database.transaction() as session:
            return snooze_store.wake_due(session, self._clock())

    def snoozes_announced(self, ids: Sequence[int]) -> None:
        with self._database.transaction() as session:
            snooze_store.announced(session, ids)

    def undo(self, change: Change) -> None:
        with self._database.transaction() as session:
            if isinstance(change, NoteDeletion):
                contact_store.restore_note(session, change.note)
            elif isinstance(change, PeopleMerge):
                people_store.part(session, change)
            elif isinstance(change, PersonSplit):
                people_store.join(session, change)
            elif isinstance(change, StageChange):
                stage_store.put_back(session, change)
            else:
                conversation_store.restore_flags(session, change.before)

    def delete_forever(self, ids: Sequence[int]) -> int:
        with self._database.transaction() as session:
            return conversation_store.delete_forever(session, ids)

    def save_draft(self, conversation_id: int, text: str) -> None:
        with self._database.transaction() as session:
            conversation_store.save_draft(session, conversation_id, text)

    # --- contacts --------------------------------------------------------------------

    def rename_contact(self, contact_id: int, name: str) -> None:
        if name.strip():
            with self._database.transaction() as session:
                contact_store.rename_contact(session, contact_id, name.strip())

    def set_tags(self, contact_id: int, tags: Sequence[str]) -> None:
        with self._database.transaction() as session:
            contact_store.set_tags(session, contact_id, tags)

    def add_tag(self, contact_ids: Sequence[int], tag: str) -> int:
        """``tag`` on each of the people (the People table's Tag…); how many got it."""
        with self._database.transaction() as session:
            return contact_store.add_tag(session, contact_ids, tag)

    def set_stage(self, contact_ids: Sequence[int], stage: str) -> StageChange | None:
        """Move people to ``stage`` ("" takes them out of theirs); undoable."""
        with self._database.transaction() as session:
            return stage_store.set_stage(session, contact_ids, stage, self._clock())

    def set_stages(self, names: Sequence[str], renamed: dict[str, str]) -> tuple[str, ...]:
        """The workspace's stages, as the owner edited them."""
        with self._database.transaction() as session:
            return stage_store.set_stages(session, names, renamed)

    def set_follow_up(self, contact_id: int, follow_up_on: date | None) -> None:
        with self._database.transaction() as session:
            contact_store.set_follow_up(session, contact_id, follow_up_on)

    def set_do_not_message(self, contact_id: int, value: bool) -> None:
        with self._database.transaction() as session:
            contact_store.set_do_not_message(session, contact_id, value)

    def add_note(self, contact_id: int, text: str) -> Note:
        with self._database.transaction() as session:
            return contact_store.add_note(session, contact_id, text, self._clock())

    def edit_note(self, note_id: int, text: str) -> None:
        with self._database.transaction() as session:
            contact_store.edit_note(session, note_id, text, self._clock())

    def merge_people(self, kept_id: int, merged_id: int) -> PeopleMerge | None:
        """Make two contacts one person (the first is kept); undo parts them."""
        with self._database.transaction() as session:
            return people_store.merge(session, kept_id, merged_id)

    def not_same(self, first_id: int, second_id: int) -> None:
        """The owner says two contacts are not one person: never suggested again."""
        with self._database.transaction() as session:
            people_store.not_same(session, first_id, second_id)

    def split_identity(self, identity_id: int) -> PersonSplit | None:
        """Take one identity, with its conversations, out into a contact of its own."""
        with self._database.transaction() as session:
            return people_store.split(session, identity_id, self._clock())

    def delete_note(self, note_id: int) -> NoteDeletion | None:
        """Delete a note; None if it was already gone."""
        with self._database.transaction() as session:
            note = contact_store.delete_note(session, note_id)
        return None if note is None else NoteDeletion(note)
