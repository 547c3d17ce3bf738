"""A reply's life from the thread: sent (written first, sent by the outbox),
retried, looked for on the platform when its answer was lost, discarded or put
back to edit; drafts saved as typed; files the platform keeps fetched and opened.
``conversation_changed`` tells the list when a conversation's last message moved."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dmdesk.domain import Attachment, ReplyTiming
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.snooze_times import when_words
from dmdesk.services.undo import FlagChange
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.opening import open_file
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.toast import Toast
from dmdesk.ui.kit.undo import Undo
from dmdesk.ui.kit.writes import Writes
from dmdesk.ui.thread.model import ThreadModel
from dmdesk.ui.thread.pane import ThreadPane


class Replies(QObject):
    conversation_changed = Signal(int)

    def __init__(
        self,
        thread_pane: ThreadPane,
        reader: InboxReads,
        tasks: TaskRunner,
        writes: Writes,
        toast: Toast,
        undo: Undo,
    ) -> None:
        super().__init__(thread_pane)
        self._undo = undo
        self._pane = thread_pane
        self._messages: ThreadModel = thread_pane.model
        self._reader = reader
        self._tasks = tasks
        self._writes = writes
        self._toast = toast
        thread_pane.reply_requested.connect(self.send)
        thread_pane.draft_changed.connect(self.save_draft)
        thread_pane.retry_requested.connect(self.retry)
        thread_pane.check_requested.connect(self.check)
        thread_pane.can_check_sent = self._can_check_sent
        thread_pane.discard_requested.connect(self.discard)
        thread_pane.download_requested.connect(self.download_and_open)
        thread_pane.scheduled_action_requested.connect(self.on_scheduled_action)

    def send(
        self,
        conversation_id: int,
        text: str,
        attachments: tuple[Attachment, ...],
        timing: ReplyTiming | None = None,
        answered: int | None = None,
    ) -> None:
        """Now, at a time (held in the outbox until then), or now with a reminder
        that brings the conversation back if the customer does not reply."""
        timing = timing or ReplyTiming()
        # Past Meta's 24 hours (within 7 days) by the time it goes, the reply must
        # carry the Human Agent tag.
        tag = self._pane.composer.reply_window(timing.send_at).messaging_tag
        self._writes.write(
            lambda s: s.sync.add_reply(
                conversation_id, text, attachments, tag, timing.send_at, answered=answered
            ),
            lambda message_id: self._after_send(conversation_id, message_id, timing),
        )

    def _after_send(self, conversation_id: int, message_id: int, timing: ReplyTiming) -> None:
        if self._messages.conversation_id == conversation_id:
            self._messages.add_or_update([message_id])
            self._pane.scroll_to_bottom()
        self.conversation_changed.emit(conversation_id)
        if timing.send_at is not None:
            when = when_words(timing.send_at, datetime.now(UTC))
            self._toast.show_message(f"Scheduled for {when}. Click it in the thread to change.")
        remind_at = timing.remind_at
        if remind_at is not None:
            self._undo.expect()
            self._writes.write(
                lambda s: s.inbox.snooze([conversation_id], remind_at, if_no_reply=True),
                self._reminder_set,
            )

    def _reminder_set(self, change: FlagChange) -> None:
        self._undo.landed(change)
        self.conversation_changed.emit(change.conversation_ids[0])

    # --- replies sent later ----------------------------------------------------------

    def on_scheduled_action(self, message_id: int, action: str) -> None:
        """The owner's word on a reply sent later, from its bubble or a notification."""
        (message,) = self._reader.messages([message_id]) or (None,)
        if message is None or not message.is_scheduled:
            self._toast.show_message("That reply has gone already.")
            return
        conversation_id = message.conversation_id
        if action in ("send_now", "send_anyway"):
            at_once = action == "send_now"
            self._writes.write(
                lambda s: s.sync.release_scheduled(message_id, at_once=at_once),
                lambda _released: self._changed(conversation_id, message_id),
            )
            return

        def cancelled(text: str | None) -> None:
            if text is None:
                self._toast.show_message("That reply has gone already.")
                return
            self._messages.remove(message_id)
            self.conversation_changed.emit(conversation_id)
            if action == "edit" and self._messages.conversation_id == conversation_id:
                self._pane.composer.editor.setPlainText(text)  # a draft again
                self._pane.focus_composer()
            elif action == "cancel":
                self._toast.show_message("Scheduled reply cancelled.")

        self._writes.write(lambda s: s.sync.cancel_scheduled(message_id), cancelled)

    def _changed(self, conversation_id: int, message_id: int) -> None:
        self._messages.add_or_update([message_id])
        self.conversation_changed.emit(conversation_id)

    def save_draft(self, conversation_id: int, text: str) -> None:
        self._writes.write(lambda s: s.inbox.save_draft(conversation_id, text))

    def retry(self, message_id: int) -> None:
        self._writes.write(
            lambda s: s.sync.retry(message_id),
            lambda _: self._messages.add_or_update([message_id]),
        )

    def _can_check_sent(self, account_id: int) -> bool:
        from dmdesk.services.accounts import kind_of  # the connectors: not before first paint

        account = next((a for a in self._reader.accounts() if a.id == account_id), None)
        kind = kind_of(account) if account is not None else None
        return kind is not None and kind.finds_sent_replies

    def check(self, message_id: int) -> None:
        """Ask the platform whether a reply that may have gone out did (network pool)."""
        self._toast.show_message("Looking for the reply in the chat…")

        def checked(found: bool) -> None:
            self._messages.add_or_update([message_id])
            self._toast.show_message(
                "It arrived: marked as sent."
                if found
                else "It is not in the chat. Retry sends it again."
            )

        def failed(error: BaseException) -> None:
            self._toast.show_message(f"Could not look: {error}")

        self._tasks.network(lambda s: s.sync.check_sent(message_id), checked, failed)

    def discard(self, message_id: int, edit: bool) -> None:
        """Delete a reply that failed; with ``edit``, its text goes back to the composer."""
        (message,) = self._reader.messages([message_id]) or (None,)
        if message is None:
            return
        conversation_id = message.conversation_id

        def discarded(gone: bool) -> None:
            if not gone:
                return
            self._messages.remove(message_id)
            self.conversation_changed.emit(conversation_id)
            if edit and self._messages.conversation_id == conversation_id:
                self._pane.composer.editor.setPlainText(message.text)  # a draft again
                self._pane.focus_composer()

        self._writes.write(lambda s: s.sync.discard(message_id), discarded)

    def download_and_open(self, message_id: int, attachment: Attachment) -> None:
        """Fetch a file the platform keeps (off the GUI thread), then open it."""
        name = one_line(attachment.name) or "the file"
        self._toast.show_message(f"Downloading {name}…")

        def downloaded(kept: Attachment) -> None:
            self._toast.hide()
            self._messages.add_or_update([message_id])
            open_file(self._pane.window(), Path(kept.local_path), kept.name)

        def failed(error: BaseException) -> None:
            self._toast.show_message(str(error) or f"{name} could not be downloaded.")

        self._tasks.network(lambda s: s.downloads.fetch(message_id, attachment), downloaded, failed)
