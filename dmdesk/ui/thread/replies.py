"""A reply's life from the thread: sent (written first, sent by the outbox),
retried, looked for on the platform when its answer was lost, discarded or put
back to edit; drafts saved as typed; files the platform keeps fetched and opened.
``conversation_changed`` tells the list when a conversation's last message moved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dmdesk.domain import Attachment
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.opening import open_file
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.toast import Toast
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
    ) -> None:
        super().__init__(thread_pane)
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

    def send(self, conversation_id: int, text: str, attachments: tuple[Attachment, ...]) -> None:
        # Past Meta's 24 hours (within 7 days) the reply must carry the Human Agent tag.
        tag = self._pane.composer.reply_window().messaging_tag
        self._writes.write(
            lambda s: s.sync.add_reply(conversation_id, text, attachments, tag),
            lambda message_id: self._after_send(conversation_id, message_id),
        )

    def _after_send(self, conversation_id: int, message_id: int) -> None:
        if self._messages.conversation_id == conversation_id:
            self._messages.add_or_update([message_id])
            self._pane.scroll_to_bottom()
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
