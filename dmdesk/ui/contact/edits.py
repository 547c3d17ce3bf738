"""The contact pane's edits, written on the writer lane: the name, tags, the
follow-up date, the opt-out, and notes (a deleted note can be undone)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from dmdesk.domain import Contact, ConversationSummary
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.undo import Change, NoteDeletion
from dmdesk.ui.contact.pane import ContactPane
from dmdesk.ui.kit.undo import Undo
from dmdesk.ui.kit.writes import Writes


class ContactEdits(QObject):
    shown = Signal(object)
    """The Contact (or None) now in the pane, read afresh."""

    def __init__(
        self, contact_pane: ContactPane, reader: InboxReads, writes: Writes, undo: Undo
    ) -> None:
        super().__init__(contact_pane)
        self._pane = contact_pane
        self._reader = reader
        self._writes = writes
        self._undo = undo
        self._conversation: ConversationSummary | None = None
        write = writes.write
        contact_pane.renamed.connect(
            lambda cid, name: write(lambda s: s.inbox.rename_contact(cid, name), self._reshow)
        )
        contact_pane.tags_changed.connect(
            lambda cid, tags: write(lambda s: s.inbox.set_tags(cid, tags))
        )
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
        undo.undone.connect(self._on_undone)

    def show(self, conversation: ConversationSummary | None) -> Contact | None:
        """Show the person of ``conversation`` (None: nobody), read afresh."""
        self._conversation = conversation
        contact_id = conversation.contact_id if conversation else None
        contact = self._reader.contact(contact_id) if contact_id else None
        notes = self._reader.notes(contact_id) if contact_id else []
        self._pane.show_contact(contact, notes, conversation)
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
