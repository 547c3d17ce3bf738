"""What is done to the selected conversations: archive, snooze, trash, restore,
delete forever, read and unread, pin, mute, and their undo.

Rows leave the list at once and the write follows on the writer lane; what it
changed goes on the undo stack. ``changed`` tells the other rooms (the open
thread, notifications, the counts) once a change has landed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from dmdesk.domain import View
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.undo import Change, FlagChange
from dmdesk.ui.inbox.list_model import ConversationListModel
from dmdesk.ui.inbox.list_pane import ConversationPane
from dmdesk.ui.kit.plain_text import ask
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.toast import Toast
from dmdesk.ui.kit.undo import Undo
from dmdesk.ui.kit.writes import Writes

if TYPE_CHECKING:
    from dmdesk.services.runtime import Services

FlagJob = Callable[["Services", list[int]], FlagChange]


class ConversationActions(QObject):
    changed = Signal(object, bool)
    """A FlagChange has landed (or was undone), and whether its rows left the list."""
    counts_changed = Signal()
    """Conversations were deleted for good."""

    def __init__(
        self,
        list_pane: ConversationPane,
        reader: InboxReads,
        tasks: TaskRunner,
        writes: Writes,
        undo: Undo,
        toast: Toast,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._pane = list_pane
        self._conversations: ConversationListModel = list_pane.model
        self._reader = reader
        self._tasks = tasks
        self._writes = writes
        self._undo = undo
        self._toast = toast
        self._window = window
        undo.undone.connect(self._on_undone)

    # --- the actions -------------------------------------------------------------------

    def archive(self) -> None:
        if self._pane.query().view is View.ARCHIVED:
            self._change(lambda s, ids: s.inbox.unarchive(ids), remove=True)
        else:
            self._change(lambda s, ids: s.inbox.archive(ids), remove=True)

    def trash(self) -> None:
        if self._pane.query().view is View.TRASH:
            self.delete_forever()
        else:
            self._change(lambda s, ids: s.inbox.trash(ids), remove=True)

    def restore(self) -> None:
        self._change(lambda s, ids: s.inbox.restore(ids), remove=True)

    def mark_read(self, read: bool) -> None:
        self._change(lambda s, ids: s.inbox.set_read(ids, read), remove=False)

    def toggle_pin(self) -> None:
        current = self._pane.current()
        if current is not None:
            pinned = not current.flags.pinned
            self._change(lambda s, ids: s.inbox.set_pinned(ids, pinned), remove=False)

    def toggle_mute(self) -> None:
        current = self._pane.current()
        if current is not None:
            muted = not current.flags.muted
            self._change(lambda s, ids: s.inbox.set_muted(ids, muted), remove=False)

    def no_reply_needed(self) -> None:
        """Out of Waiting (a "thank you!"), until the customer writes again."""
        self._change(lambda s, ids: s.inbox.no_reply_needed(ids), remove=False)

    def snooze(self, until: datetime, if_no_reply: bool = False) -> None:
        """Out of the Inbox until ``until``; in Snoozed and Follow-ups the rows stay
        and take their new place."""
        self._change(
            lambda s, ids: s.inbox.snooze(ids, until, if_no_reply=if_no_reply),
            remove=not self._in_snooze_view(),
        )

    def unsnooze(self) -> None:
        self._change(lambda s, ids: s.inbox.unsnooze(ids), remove=self._in_snooze_view())

    def any_snoozed(self) -> bool:
        """Whether something selected is snoozed (the menu offers Unsnooze)."""
        return any(
            (c := self._reader.conversation(i)) is not None and c.snoozed_until is not None
            for i in self._pane.selected_ids()
        )

    def _in_snooze_view(self) -> bool:
        return self._pane.query().view in (View.SNOOZED, View.FOLLOW_UPS)

    def read_now(self, conversation_id: int) -> None:
        """The owner has seen it (the dwell ended, or Mark read on a notification):
        read, without a toast or an undo entry."""
        self._writes.write(
            lambda s: s.inbox.set_read([conversation_id], True),
            lambda change: self._show(change, remove=False),
        )

    def delete_forever(self) -> None:
        ids = self._pane.selected_ids()
        if not ids:
            return
        if not ask(
            self._window,
            "Delete forever?",
            f"Delete {len(ids)} conversation{'s' if len(ids) != 1 else ''} and all "
            "their messages from this computer? This cannot be undone.",
            "Delete forever",
            warning=True,
        ):
            return
        self._conversations.remove_ids(ids)
        self._undo.drop_naming(ids)
        self._writes.write(lambda s: s.inbox.delete_forever(ids), self._after_delete_forever)

    def _after_delete_forever(self, count: int) -> None:
        self._toast.show_message(f"Deleted {count} conversation{'s' if count != 1 else ''}")
        self.counts_changed.emit()
        self._pane.select_row(max(0, self._pane.list.currentIndex().row()))

    # --- changing flags ----------------------------------------------------------------

    def _change(self, job: FlagJob, remove: bool) -> None:
        ids = self._pane.selected_ids()
        if not ids:
            return
        if remove:
            row = min(self._conversations.row_of(i) for i in ids)
            self._conversations.remove_ids(ids)
            self._pane.select_row(max(0, row))
        self._undo.expect()
        self._writes.write(lambda s: job(s, ids), lambda change: self._landed(change, remove))

    def _landed(self, change: FlagChange, remove: bool) -> None:
        self._undo.landed(change)
        self._show(change, remove)

    def _show(self, change: FlagChange, remove: bool) -> None:
        self._conversations.refresh(change.conversation_ids)
        self._tell_platforms_read(change)
        self.changed.emit(change, remove)

    def _on_undone(self, change: Change) -> None:
        if isinstance(change, FlagChange):
            self._conversations.refresh(change.conversation_ids)
            self.changed.emit(change, False)  # the open thread's header shows it too
            self._pane.select_id(change.conversation_ids[0])

    def _tell_platforms_read(self, change: FlagChange) -> None:
        """Chats this change read (opened, or marked read) are read on the shop's
        other apps too, where the platform keeps that (a private Matrix receipt)."""
        from dmdesk.services.accounts import kind_of  # the connectors: not before first paint

        sharing = {
            account.id
            for account in self._reader.accounts()
            if (kind := kind_of(account)) is not None and kind.shares_read_state
        }
        if not sharing:
            return
        read = [
            conversation_id
            for conversation_id, flags in change.before.items()
            if flags.unread_count
            and (now := self._reader.conversation(conversation_id)) is not None
            and now.account_id in sharing
            and not now.unread_count
        ]
        # Read here, on the GUI thread's own connection; the job only talks to the
        # platform, so none is started for accounts that would do nothing with it.
        newest = self._reader.newest_incoming(read) if read else []
        if newest:
            self._tasks.network(lambda s: s.sync.read_here(newest))
