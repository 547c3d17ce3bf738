"""The contact pane's edits, written on the writer lane: the name, tags, the
stage (undoable, also S then a number), the follow-up date, the opt-out, notes
(a deleted note can be undone), and people merged or separated (undone too)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from dmdesk.domain import Contact, ConversationSummary, PeopleMerge, PersonSplit, StageChange
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.undo import Change, NoteDeletion
from dmdesk.ui.contact.merge_picker import MergePicker
from dmdesk.ui.contact.pane import ContactPane
from dmdesk.ui.kit.undo import Undo
from dmdesk.ui.kit.writes import Writes


class ContactEdits(QObject):
    shown = Signal(object)
    """The Contact (or None) now in the pane, read afresh."""
    people_changed = Signal(object)
    """People were merged or separated (or that was undone): the ids of the
    conversations now someone else's, whose rows to read again."""

    def __init__(
        self, contact_pane: ContactPane, reader: InboxReads, writes: Writes, undo: Undo
    ) -> None:
        super().__init__(contact_pane)
        self._pane = contact_pane
        self._reader = reader
        self._writes = writes
        self._undo = undo
        self._conversation: ConversationSummary | None = None
        self.stages: tuple[str, ...] = ()
        write = writes.write
        contact_pane.renamed.connect(
            lambda cid, name: write(lambda s: s.inbox.rename_contact(cid, name), self._reshow)
        )
        contact_pane.tags_changed.connect(
            lambda cid, tags: write(lambda s: s.inbox.set_tags(cid, tags), self._after_tags(cid))
        )
        contact_pane.stage_changed.connect(lambda cid, stage: self.move_to_stage([cid], stage))
        contact_pane.follow_up_changed.connect(
            lambda cid, day: write(lambda s: s.inbox.set_follow_up(cid, day))
        )
        contact_pane.do_not_message_changed.connect(
            lambda cid, value: write(lambda s: s.inbox.set_do_not_message(cid, value))
        )
        contact_pane.note_added.connect(
            lambda cid, text: write(lambda s: s.inbox.add_note(cid, text), self._reshow)
        )
        contact_pane.note_edited.connect(
            lambda nid, text: write(lambda s: s.inbox.edit_note(nid, text), self._reshow)
        )
        contact_pane.note_deleted.connect(
            lambda nid: write(lambda s: s.inbox.delete_note(nid), self._after_note_deleted)
        )
        contact_pane.merge_requested.connect(self.pick_merge)
        contact_pane.suggestion_taken.connect(
            lambda kept, other: write(
                lambda s: s.inbox.merge_people(kept, other), self._after_people_change
            )
        )
        contact_pane.suggestion_refused.connect(
            lambda first, second: write(lambda s: s.inbox.not_same(first, second), self._reshow)
        )
        contact_pane.split_requested.connect(
            lambda iid: write(lambda s: s.inbox.split_identity(iid), self._after_people_change)
        )
        undo.undone.connect(self._on_undone)

    def load_stages(self) -> tuple[str, ...]:
        """The workspace's stages, read afresh (at the start, and after they change)."""
        self.stages = self._reader.stages()
        self._pane.set_stages(self.stages)
        return self.stages

    def stage_shown(self, number: int) -> None:
        """S then a number: the person shown to that stage (0: none)."""
        contact = self._pane.contact
        if contact is None or not 0 <= number <= len(self.stages):
            return
        self.move_to_stage([contact.id], self.stages[number - 1] if number else "")

    def move_to_stage(self, contact_ids: list[int], stage: str) -> None:
        def landed(change: StageChange | None) -> None:
            self._reshow()
            if change is not None:
                self._undo.offer(change)
                self.people_changed.emit(self._conversations_of_people(contact_ids))

        self._writes.write(lambda s: s.inbox.set_stage(contact_ids, stage), landed)

    def _after_tags(self, contact_id: int) -> Callable[[object], None]:
        def landed(_: object) -> None:
            self._pane.tags.set_known(self._reader.known_tags())
            self.people_changed.emit(self._conversations_of_people([contact_id]))

        return landed

    def _conversations_of_people(self, contact_ids: list[int]) -> tuple[int, ...]:
        return tuple(c.id for p in contact_ids for c in self._reader.person_conversations(p))

    def merge_shown(self) -> None:
        """Merge the person in the pane with another (Conversation menu, palette)."""
        if self._pane.contact is not None:
            self.pick_merge(self._pane.contact.id)

    def pick_merge(self, contact_id: int) -> None:
        """Ask who else ``contact_id`` is, and make them one."""
        person = self._reader.contact(contact_id)
        if person is None:
            return
        picker = MergePicker(self._reader, person, self._pane.window())
        if picker.exec() and (other := picker.chosen) is not None:
            self._writes.write(
                lambda s: s.inbox.merge_people(contact_id, other.id), self._after_people_change
            )

    def _after_people_change(self, change: PeopleMerge | PersonSplit | None) -> None:
        self._refresh_conversation()
        if change is not None:
            self._undo.offer(change)
            self.people_changed.emit(self._conversations_of(change))

    def _conversations_of(self, change: PeopleMerge | PersonSplit) -> tuple[int, ...]:
        """Every conversation of the people the change concerns, as they are now."""
        if isinstance(change, PeopleMerge):
            people = [change.kept.id, change.merged.id]
        else:
            people = [change.from_contact_id, change.new_contact_id]
        return self._conversations_of_people(people)

    def _refresh_conversation(self) -> None:
        """The conversation shown may now be someone else's (a split): read it again."""
        if self._conversation is not None:
            self._conversation = self._reader.conversation(self._conversation.id)
        self._reshow()

    def show(self, conversation: ConversationSummary | None) -> Contact | None:
        """Show the person of ``conversation`` (None: nobody), read afresh."""
        self._conversation = conversation
        contact_id = conversation.contact_id if conversation else None
        contact = self._reader.contact(contact_id) if contact_id else None
        notes = self._reader.notes(contact_id) if contact_id else []
        conversations = self._reader.person_conversations(contact_id) if contact_id else []
        suggestions = self._reader.merge_suggestions(contact_id) if contact_id else []
        self._pane.show_contact(contact, notes, conversation, conversations, suggestions)
        self.shown.emit(contact)
        return contact

    def _reshow(self, *_: object) -> None:
        self.show(self._conversation)

    def _after_note_deleted(self, deletion: NoteDeletion | None) -> None:
        self._reshow()
        if deletion is not None:
            self._undo.offer(deletion)

    def _on_undone(self, change: Change) -> None:
        if isinstance(change, NoteDeletion):
            self._reshow()
        elif isinstance(change, PeopleMerge | PersonSplit):
            self._refresh_conversation()
            self.people_changed.emit(self._conversations_of(change))
        elif isinstance(change, StageChange):
            self._reshow()
            self.people_changed.emit(self._conversations_of_people(list(change.before)))
