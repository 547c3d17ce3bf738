"""The main window: three panes in a splitter, the actions, and the glue between
what the user does and the services that do it on the writer lane."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMainWindow,
    QMenu,
    QSplitter,
    QSystemTrayIcon,
    QWidget,
)

from dmdesk import APP_NAME
from dmdesk.domain import (
    AccountStatus,
    Attachment,
    Contact,
    ConversationSummary,
    IngestResult,
    ListQuery,
    Profile,
    QuickReply,
    SavedView,
    SearchHit,
    View,
)
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.saved_views import suggested_name
from dmdesk.services.search_query import parse
from dmdesk.services.undo import FlagChange, NoteDeletion, UndoStack
from dmdesk.ui.accounts.model import status_text
from dmdesk.ui.contact.pane import ContactPane
from dmdesk.ui.inbox.list_model import ConversationListModel
from dmdesk.ui.inbox.list_pane import ConversationPane
from dmdesk.ui.inbox.read_tracking import ReadTracker
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.opening import open_file
from dmdesk.ui.kit.plain_text import PlainLabel, ask
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.theme import current_theme
from dmdesk.ui.kit.toast import Toast
from dmdesk.ui.notifications.center import NotificationCenter
from dmdesk.ui.shell.actions import build_actions, relabel
from dmdesk.ui.shell.cheat_sheet import CheatSheetDialog
from dmdesk.ui.shell.command_palette import CommandPaletteDialog
from dmdesk.ui.shell.palette_entries import (
    CONVERSATIONS_LISTED,
    conversation_entries,
    preference_entries,
)
from dmdesk.ui.shell.preferences_menu import (
    READ_DWELL_KEY,
    PreferencesMenu,
    media_limit_bytes,
    read_dwell_ms,
    setting_on,
)
from dmdesk.ui.shell.tray import TrayIcon
from dmdesk.ui.thread.model import ThreadModel
from dmdesk.ui.thread.pane import ThreadPane

if TYPE_CHECKING:
    from dmdesk.domain import SearchPage
    from dmdesk.services.runtime import Services
    from dmdesk.ui.accounts.dialog import AccountsDialog
    from dmdesk.ui.importing.dialog import ImportDialog


RECOUNT_DELAY_MS = 1000
"""Saved searches are recounted this long after the last change, not on each."""
SEARCH_PAGE = 50
"""Search results fetched at a time."""
DEFAULT_PANE_WIDTHS = [340, 640, 300]
"""List, thread and contact pane widths in pixels, until the user drags them."""

LIVE_ACTIONS = ("archive", "trash", "mark_unread", "mark_read", "pin", "mute")
"""What can be done to conversations outside Trash (context menu order)."""
TRASH_ACTIONS = ("restore", "delete_forever")
HEADER_LEFT_OUT = {"mark_read"}
"""A conversation left open is read after a moment, so the header offers only mark
unread."""


class MainWindow(QMainWindow):
    first_painted = Signal()
    services_ready = Signal()
    own_workspace_requested = Signal()
    """From the demo: an account was added to the user's own workspace; open it."""
    """The writer lane's services are built: actions now run without waiting."""
    search_shown = Signal()
    """Search results for the latest query are on screen."""
    saved_views_counted = Signal()
    """The saved searches show fresh counts."""
    changes_applied = Signal()
    """A write the user asked for has landed and the panes show it."""

    def __init__(
        self,
        reader: InboxReads,
        tasks: TaskRunner,
        settings: QSettings,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.reader = reader
        self.tasks = tasks
        self.settings = settings
        self.undo_stack = UndoStack()
        self._changes_in_flight = 0
        self._undo_waiting = False
        self._demo_title = demo
        self._show_title(0)
        self._demo = demo
        self._closed = False
        self._keyring_available = True  # known once the services are ready
        self._accounts_dialog: AccountsDialog | None = None
        self._search_number = 0
        self._saved_counts: dict[int, int] = {}
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(RECOUNT_DELAY_MS)
        self._recount.timeout.connect(self.refresh_saved_views)
        self.changes_applied.connect(self._recount.start)
        """Each search's number: a late answer to an older query is dropped."""
        self.setMinimumSize(900, 560)

        self.conversations = ConversationListModel(reader, self)
        self.messages = ThreadModel(reader, self)
        self.list_pane = ConversationPane(self.conversations, self)
        self.thread_pane = ThreadPane(self.messages, self)
        self.contact_pane = ContactPane(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for pane in (self.list_pane, self.thread_pane, self.contact_pane):
            self.splitter.addWidget(pane)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes(DEFAULT_PANE_WIDTHS)
        self.setCentralWidget(self.splitter)
        self.toast = Toast(self)
        self.status_label = PlainLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        if demo:
            self.statusBar().showMessage(
                "Demo workspace: invented customers, a new message every 30–90 seconds."
            )

        self.actions_by_name = build_actions(
            self, self.list_pane.list, self._handlers(), self.menuBar()
        )
        self.preferences = PreferencesMenu(settings, self)
        self.read_tracker = ReadTracker(self, read_dwell_ms(settings))
        self.read_tracker.read_due.connect(self._mark_read)
        self.preferences.changed.connect(self._on_preferences_changed)
        file_menu = self.menuBar().actions()[0].menu()
        file_menu.insertMenu(file_menu.actions()[-1], self.preferences)
        file_menu.insertSeparator(file_menu.actions()[-1])
        self.notifications = NotificationCenter(
            reader, settings, tasks.workers, self._focused_conversation, parent=self
        )
        self.tray: TrayIcon | None = None
        self._quitting = False
        self._connect_signals()
        self._fit_actions_to_view()
        self._restore_geometry()
        self._quick_replies: list[QuickReply] = []
        self._profile = Profile()
        self._load_quick_replies()
        self.conversations.reload()
        self.refresh_counts()
        self.list_pane.select_row(0)
        # Keyboard first: j/k and r work the moment the window opens.
        self.list_pane.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self._painted = False
        self._remember_geometry = True
        self.list_pane.list.viewport().installEventFilter(self)

    # --- wiring ------------------------------------------------------------------------

    def _handlers(self) -> dict[str, Callable[[], None]]:
        return {
            "palette": self.open_palette,
            "accounts": self.open_accounts,
            "import_history": self.open_import,
            "quit": self.quit_app,
            "reply": self.thread_pane.focus_composer,
            "send": self.thread_pane.composer.request_send,
            "quick_replies": self.open_quick_reply_library,
            "insert_quick_reply": self.thread_pane.composer.open_quick_replies,
            **{
                f"quick_reply_{number}": partial(self.insert_quick_reply, number)
                for number in range(1, 10)
            },
            "archive": self.archive,
            "trash": self.trash,
            "trash_key": self.trash,
            "restore": self.restore,
            "delete_forever": self.delete_forever,
            "mark_unread": lambda: self._change_flags(
                lambda s, ids: s.inbox.set_read(ids, False), remove=False
            ),
            "mark_read": lambda: self._change_flags(
                lambda s, ids: s.inbox.set_read(ids, True), remove=False
            ),
            "pin": self.toggle_pin,
            "mute": self.toggle_mute,
            "undo": self.undo,
            "select_all": self.list_pane.list.selectAll,
            "next": lambda: self.list_pane.step(1),
            "previous": lambda: self.list_pane.step(-1),
            "open": self.open_current,
            "back": self.focus_list,
            "filter": self.focus_filter,
            "save_search": lambda: self.save_search(self.list_pane.search.text().strip()),
            "go_inbox": lambda: self.go(View.INBOX),
            "go_unread": lambda: self.go(View.UNREAD),
            "go_pinned": lambda: self.go(View.PINNED),
            "go_archived": lambda: self.go(View.ARCHIVED),
            "go_trash": lambda: self.go(View.TRASH),
            "cheat_sheet": self.open_cheat_sheet,
        }

    def _connect_signals(self) -> None:
        self.list_pane.current_changed.connect(self._on_list_current_changed)
        self.list_pane.query_changed.connect(self._on_list_query_changed)
        self.list_pane.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_pane.list.customContextMenuRequested.connect(self._show_list_menu)
        self.list_pane.search_changed.connect(self._on_search_changed)
        self.list_pane.save_requested.connect(self.save_search)
        self.list_pane.saved_view_menu_requested.connect(self._saved_view_menu)
        self.list_pane.saved_view_moved.connect(self.move_saved_view)
        self.list_pane.hit_activated.connect(self.open_hit)
        self.list_pane.results_model.more_wanted.connect(self._more_results)
        self.list_pane.results.selectionModel().currentChanged.connect(
            lambda current, _previous: self._on_list_current_changed(
                current.data(Roles.CONVERSATION) if current.isValid() else None
            )
        )
        self.thread_pane.reply_requested.connect(self._on_thread_reply_requested)
        self.thread_pane.draft_changed.connect(self._on_thread_draft_changed)
        self.thread_pane.retry_requested.connect(self.retry_reply)
        self.thread_pane.check_requested.connect(self.check_reply)
        self.thread_pane.can_check_sent = self._can_check_sent
        self.thread_pane.discard_requested.connect(self.discard_reply)
        self.thread_pane.download_requested.connect(self.download_and_open)
        self.thread_pane.composer.quick_reply_used.connect(self._on_composer_quick_reply_used)
        contact = self.contact_pane
        contact.renamed.connect(
            lambda cid, name: self._write(
                lambda s: s.inbox.rename_contact(cid, name), self._refresh_contact
            )
        )
        contact.tags_changed.connect(
            lambda cid, tags: self._write(lambda s: s.inbox.set_tags(cid, tags))
        )
        contact.follow_up_changed.connect(
            lambda cid, day: self._write(lambda s: s.inbox.set_follow_up(cid, day))
        )
        contact.do_not_message_changed.connect(self._on_contact_do_not_message_changed)
        contact.note_added.connect(
            lambda cid, text: self._write(
                lambda s: s.inbox.add_note(cid, text), self._refresh_contact
            )
        )
        contact.note_edited.connect(
            lambda nid, text: self._write(
                lambda s: s.inbox.edit_note(nid, text), self._refresh_contact
            )
        )
        contact.note_deleted.connect(
            lambda nid: self._write(lambda s: s.inbox.delete_note(nid), self._after_note_deleted)
        )
        self.tasks.failed.connect(self._on_tasks_failed)
        self.notifications.open_requested.connect(self.show_from_notification)
        self.notifications.mark_read_requested.connect(self._mark_read_from_notification)

    def _write(
        self, job: Callable[[Services], Any], done: Callable[[Any], None] | None = None
    ) -> None:
        def finished(result: Any) -> None:
            if done is not None:
                done(result)
            self.changes_applied.emit()

        self.tasks.write(job, finished)

    # --- services coming up and sync ------------------------------------------------------

    def on_services_ready(self, services: Services) -> None:
        self.refresh_saved_views()
        self._keyring_available = services.connections.keyring_available
        self.notifications.follow_up_timer.start()
        QTimer.singleShot(5000, self.notifications.check_follow_ups)
        self._show_account_summary()
        self.services_ready.emit()

    def _show_account_summary(self) -> None:
        """The status bar's account line: how many, and any that need the user."""
        accounts = self.reader.accounts()
        fine = (AccountStatus.CONNECTED, AccountStatus.SYNCING, AccountStatus.IMPORTED)
        trouble = [a for a in accounts if a.status not in fine]
        if trouble:
            worst = trouble[0]
            more = f" (+{len(trouble) - 1} more)" if len(trouble) > 1 else ""
            text = f"{worst.platform.label} {worst.display_name}: {status_text(worst)}{more}"
        else:
            names = ", ".join(sorted({a.platform.label for a in accounts}))
            count = f"{len(accounts)} account" + ("" if len(accounts) == 1 else "s")
            text = f"{count} · {names}" if accounts else "No accounts"
        self.status_label.setText(text)

    def open_accounts(self) -> None:
        from dmdesk.ui.accounts.dialog import AccountsDialog

        dialog = AccountsDialog(
            self.reader,
            self.tasks,
            demo=self._demo,
            keyring_available=self._keyring_available,
            parent=self,
        )
        self._accounts_dialog = dialog
        dialog.accounts_changed.connect(self._on_accounts_changed)
        added_to_own: list[bool] = []
        dialog.first_account_added.connect(lambda: added_to_own.append(True))
        try:
            dialog.exec()
        finally:
            self._accounts_dialog = None
        if added_to_own:  # once the dialog is gone: this window closes for the new one
            self.own_workspace_requested.emit()

    def open_import(self) -> ImportDialog:
        """File → Import…; returns the dialog (shown, not modal-blocking) for tests
        and the command palette alike."""
        from dmdesk.ui.importing.dialog import ImportDialog

        dialog = ImportDialog(
            self.tasks,
            demo=self._demo,
            media_limit=media_limit_bytes(self.settings),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda own: self._on_history_imported(dialog, own))
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _on_history_imported(self, dialog: ImportDialog, to_own_workspace: bool) -> None:
        if to_own_workspace:
            # From the demo, the user's own workspace now holds a history: it opens
            # once they have read the summary and closed the dialog.
            dialog.finished.connect(lambda _: self.own_workspace_requested.emit())
            return
        self._on_accounts_changed()

    def _on_accounts_changed(self) -> None:
        self._show_account_summary()
        self.conversations.reload()
        self.refresh_counts()

    def on_messages_ingested(self, _account_id: int, result: IngestResult) -> None:
        if self._closed:
            return  # news that was on its way while the workspace closed
        self.notifications.on_messages_ingested(result)
        self.notifications.withdraw_read(result.touched_conversation_ids)  # read on the phone
        self._recount.start()
        self.conversations.refresh(result.touched_conversation_ids)
        open_id = self.messages.conversation_id
        if open_id in result.touched_conversation_ids:
            at_bottom = self.thread_pane.is_at_bottom()
            self.messages.add_or_update(result.new_message_ids + result.updated_message_ids)
            if at_bottom:
                self.thread_pane.scroll_to_bottom()
            if open_id is not None:
                self.thread_pane.composer.set_last_incoming(self.reader.last_incoming_at(open_id))
                self.read_tracker.news(open_id)
        self.refresh_counts()

    def retry_reply(self, message_id: int) -> None:
        self._write(
            lambda s: s.sync.retry(message_id),
            lambda _: self.messages.add_or_update([message_id]),
        )

    def _can_check_sent(self, account_id: int) -> bool:
        from dmdesk.services.accounts import kind_of  # the connectors: not before first paint

        account = next((a for a in self.reader.accounts() if a.id == account_id), None)
        kind = kind_of(account) if account is not None else None
        return kind is not None and kind.finds_sent_replies

    def check_reply(self, message_id: int) -> None:
        """Ask the platform whether a reply that may have gone out did (network pool)."""
        self.toast.show_message("Looking for the reply in the chat…")

        def checked(found: bool) -> None:
            self.messages.add_or_update([message_id])
            self.toast.show_message(
                "It arrived: marked as sent."
                if found
                else "It is not in the chat. Retry sends it again."
            )

        def failed(error: BaseException) -> None:
            self.toast.show_message(f"Could not look: {error}")

        self.tasks.network(lambda s: s.sync.check_sent(message_id), checked, failed)

    def discard_reply(self, message_id: int, edit: bool) -> None:
        """Delete a reply that failed; with ``edit``, its text goes back to the composer."""
        (message,) = self.reader.messages([message_id]) or (None,)
        if message is None:
            return
        conversation_id = message.conversation_id

        def discarded(gone: bool) -> None:
            if not gone:
                return
            self.messages.remove(message_id)
            self.conversations.refresh([conversation_id])
            if edit and self.messages.conversation_id == conversation_id:
                self.thread_pane.composer.editor.setPlainText(message.text)  # a draft again
                self.thread_pane.focus_composer()

        self._write(lambda s: s.sync.discard(message_id), discarded)

    def download_and_open(self, message_id: int, attachment: Attachment) -> None:
        """Fetch a file the platform keeps (off the GUI thread), then open it."""
        name = one_line(attachment.name) or "the file"
        self.toast.show_message(f"Downloading {name}…")

        def downloaded(kept: Attachment) -> None:
            self.toast.hide()
            self.messages.add_or_update([message_id])
            open_file(self, Path(kept.local_path), kept.name)

        def failed(error: BaseException) -> None:
            self.toast.show_message(str(error) or f"{name} could not be downloaded.")

        self.tasks.network(lambda s: s.downloads.fetch(message_id, attachment), downloaded, failed)

    def on_message_status_changed(self, message_ids: tuple[int, ...]) -> None:
        if not self._closed:
            self.messages.add_or_update(message_ids)

    def on_account_status_changed(self, _account_id: int, status: str, detail: str) -> None:
        if self._closed:
            return
        if status not in (AccountStatus.CONNECTED.value, AccountStatus.SYNCING.value):
            self.statusBar().showMessage(detail, 10_000)
        self._show_account_summary()
        if self._accounts_dialog is not None:
            self._accounts_dialog.on_account_status_changed()

    def refresh_counts(self) -> None:
        every, calling = self.reader.unread_counts()
        self.list_pane.set_unread_count(every)
        # The tray and the dock call for attention: muted conversations do not.
        self._show_title(calling)
        if self.tray is not None:
            self.tray.set_unread(calling)
        self.notifications.set_unread(calling)

    def _show_title(self, unread: int) -> None:
        """ "DMDesk (5)", as mail and chat apps say what waits in the taskbar."""
        name = f"{APP_NAME} ({unread})" if unread else APP_NAME
        self.setWindowTitle(f"{name} — demo workspace" if self._demo_title else name)

    # --- opening ------------------------------------------------------------------------------

    def _on_list_current_changed(self, conversation: ConversationSummary | None) -> None:
        if conversation is not None and conversation.id == (
            self.thread_pane.conversation.id if self.thread_pane.conversation else None
        ):
            return
        draft = self.reader.draft(conversation.id) if conversation else ""
        self.thread_pane.show_conversation(conversation, draft)
        contact = self._refresh_contact()
        composer = self.thread_pane.composer
        account = (
            next((a for a in self.reader.accounts() if a.id == conversation.account_id), None)
            if conversation
            else None
        )
        composer.set_conversation(
            conversation,
            contact,
            self._profile,
            history_only=account is not None and account.history_only,
        )
        composer.set_last_incoming(
            self.reader.last_incoming_at(conversation.id) if conversation else None
        )
        composer.set_quick_replies(self._quick_replies)
        self.conversations.keep(conversation.id if conversation else None)
        self.read_tracker.opened(
            conversation.id if conversation else None,
            bool(conversation is not None and conversation.unread_count),
        )

    def _refresh_contact(self, *_: object) -> Contact | None:
        conversation = self.thread_pane.conversation
        contact_id = conversation.contact_id if conversation else None
        contact = self.reader.contact(contact_id) if contact_id else None
        notes = self.reader.notes(contact_id) if contact_id else []
        self.contact_pane.show_contact(contact, notes, conversation)
        self.thread_pane.composer.set_contact(contact)
        return contact

    def _on_preferences_changed(self, key: str) -> None:
        if key == READ_DWELL_KEY:
            self.read_tracker.set_dwell(read_dwell_ms(self.settings))

    def _mark_read(self, conversation_id: int) -> None:
        self._write(
            lambda s: s.inbox.set_read([conversation_id], True),
            lambda change: self._after_change(change, remove=False, announce=False),
        )

    def open_current(self) -> None:
        if self.list_pane.current() is None:
            self.list_pane.select_row(0)
        self.thread_pane.scroll_to_bottom()
        self.thread_pane.view.setFocus()

    def focus_list(self) -> None:
        self.thread_pane.flush_draft()
        self.list_pane.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- search -----------------------------------------------------------------------------

    def _on_search_changed(self, text: str) -> None:
        """Run the search off the GUI thread; only the newest answer is shown."""
        self._search_number += 1
        number = self._search_number
        if self._closed:
            return  # typing paused just as the window closed
        if not text.strip():
            self._on_list_current_changed(self.list_pane.current())  # back where we were
            return
        query = parse(text)

        def shown(page: SearchPage) -> None:
            if number == self._search_number:
                self.list_pane.show_results(text.strip(), page.hits, page.more)
                self.search_shown.emit()

        self.tasks.network(lambda s: s.search.search(query, limit=SEARCH_PAGE), shown)

    def _more_results(self) -> None:
        model = self.list_pane.results_model
        cursor = model.more
        if cursor is None or self._closed:
            return
        number, query = self._search_number, parse(model.text)

        def appended(page: SearchPage) -> None:
            if number == self._search_number:
                model.append(page.hits, page.more)

        self.tasks.network(
            lambda s: s.search.search(query, limit=SEARCH_PAGE, cursor=cursor), appended
        )

    def open_hit(self, hit: SearchHit) -> None:
        """Open a result's conversation, scrolled to the message, briefly marked."""
        self._on_list_current_changed(hit.conversation)
        if hit.message_id is None:
            self.thread_pane.focus_composer()
            return
        self.thread_pane.reveal(hit.message_id)
        self.thread_pane.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- saved searches ------------------------------------------------------------------

    def refresh_saved_views(self) -> None:
        """Show the saved searches now, and their counts once counted off the GUI thread."""
        if self._closed:
            return
        views = self.reader.saved_views()
        self.list_pane.set_saved_views(views, self._saved_counts)

        def counted(counts: dict[int, int]) -> None:
            self._saved_counts = counts
            self.list_pane.set_saved_views(views, counts)
            self.saved_views_counted.emit()

        if views:
            self.tasks.network(lambda s: s.views.counts(views), counted)

    def save_search(self, text: str) -> None:
        if not text:
            self.toast.show_message("Type a search first (/), then save it.")
            return
        name, ok = QInputDialog.getText(
            self,
            "Save search",
            "Show this search in the left pane as:",
            text=suggested_name(parse(text)),
        )
        if ok and not name.strip():
            self.toast.show_message("A saved search needs a name.")
        elif ok:
            self._write(lambda s: s.views.add(name, text), lambda _: self.refresh_saved_views())

    def rename_saved_view(self, view: SavedView) -> None:
        name, ok = QInputDialog.getText(self, "Rename saved search", "Name:", text=view.name)
        if ok and name.strip():
            self._write(
                lambda s: s.views.rename(view.id, name), lambda _: self.refresh_saved_views()
            )

    def delete_saved_view(self, view: SavedView) -> None:
        self._write(lambda s: s.views.delete(view.id), lambda _: self.refresh_saved_views())
        self.toast.show_message(f"Removed the saved search “{one_line(view.name)}”")

    def move_saved_view(self, view: SavedView, step: int) -> None:
        self._write(lambda s: s.views.move(view.id, step), lambda _: self.refresh_saved_views())

    def _saved_view_menu(self, view: SavedView, where: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self.rename_saved_view(view))
        menu.addAction("Move up\tAlt+Up", lambda: self.move_saved_view(view, -1))
        menu.addAction("Move down\tAlt+Down", lambda: self.move_saved_view(view, 1))
        menu.addSeparator()
        menu.addAction("Delete", lambda: self.delete_saved_view(view))
        menu.exec(where)

    def focus_filter(self) -> None:
        self.list_pane.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.list_pane.search.selectAll()

    def go(self, view: View) -> None:
        self.list_pane.set_view(view)
        self.focus_list()

    # --- actions on conversations ------------------------------------------------------

    def _change_flags(self, job: Callable[[Services, list[int]], FlagChange], remove: bool) -> None:
        ids = self.list_pane.selected_ids()
        if not ids:
            return
        if remove:
            row = min(self.conversations.row_of(i) for i in ids)
            self.conversations.remove_ids(ids)
            self.list_pane.select_row(max(0, row))
        self._changes_in_flight += 1
        self._write(lambda s: job(s, ids), lambda change: self._after_change(change, remove=remove))

    def _after_change(self, change: FlagChange, remove: bool, announce: bool = True) -> None:
        if announce:
            self._changes_in_flight -= 1
            self.undo_stack.push(change)
            self.toast.show_message(change.description, self.undo)
            if self._undo_waiting and not self._changes_in_flight:
                # z was pressed before the change it undoes had landed.
                self._undo_waiting = False
                self.undo()
        self.conversations.refresh(change.conversation_ids)
        self.notifications.withdraw_read(change.conversation_ids)
        self._tell_platforms_read(change)
        if not remove:
            current = self.thread_pane.conversation
            if current is not None and current.id in change.conversation_ids:
                self.thread_pane.update_conversation(self.reader.conversation(current.id))
        self.refresh_counts()

    def _tell_platforms_read(self, change: FlagChange) -> None:
        """Chats this change read (opened, or marked read) are read on the shop's
        other apps too, where the platform keeps that (a private Matrix receipt)."""
        from dmdesk.services.accounts import kind_of  # the connectors: not before first paint

        sharing = {
            account.id
            for account in self.reader.accounts()
            if (kind := kind_of(account)) is not None and kind.shares_read_state
        }
        if not sharing:
            return
        read = [
            conversation_id
            for conversation_id, flags in change.before.items()
            if flags.unread_count
            and (now := self.reader.conversation(conversation_id)) is not None
            and now.account_id in sharing
            and not now.unread_count
        ]
        # Read here, on the GUI thread's own connection; the job only talks to the
        # platform, so none is started for accounts that would do nothing with it.
        newest = self.reader.newest_incoming(read) if read else []
        if newest:
            self.tasks.network(lambda s: s.sync.read_here(newest))

    def archive(self) -> None:
        if self.list_pane.query().view is View.ARCHIVED:
            self._change_flags(lambda s, ids: s.inbox.unarchive(ids), remove=True)
        else:
            self._change_flags(lambda s, ids: s.inbox.archive(ids), remove=True)

    def trash(self) -> None:
        if self.list_pane.query().view is View.TRASH:
            self.delete_forever()
        else:
            self._change_flags(lambda s, ids: s.inbox.trash(ids), remove=True)

    def restore(self) -> None:
        self._change_flags(lambda s, ids: s.inbox.restore(ids), remove=True)

    def delete_forever(self) -> None:
        ids = self.list_pane.selected_ids()
        if not ids:
            return
        if not ask(
            self,
            "Delete forever?",
            f"Delete {len(ids)} conversation{'s' if len(ids) != 1 else ''} and all "
            "their messages from this computer? This cannot be undone.",
            "Delete forever",
            warning=True,
        ):
            return
        self.conversations.remove_ids(ids)
        self._write(lambda s: s.inbox.delete_forever(ids), self._after_delete_forever)

    def _after_delete_forever(self, count: int) -> None:
        self.toast.show_message(f"Deleted {count} conversation{'s' if count != 1 else ''}")
        self.refresh_counts()
        self.list_pane.select_row(max(0, self.list_pane.list.currentIndex().row()))

    def toggle_pin(self) -> None:
        current = self.list_pane.current()
        if current is not None:
            pinned = not current.flags.pinned
            self._change_flags(lambda s, ids: s.inbox.set_pinned(ids, pinned), remove=False)

    def toggle_mute(self) -> None:
        current = self.list_pane.current()
        if current is not None:
            muted = not current.flags.muted
            self._change_flags(lambda s, ids: s.inbox.set_muted(ids, muted), remove=False)

    def _after_note_deleted(self, deletion: NoteDeletion | None) -> None:
        self._refresh_contact()
        if deletion is not None:
            self.undo_stack.push(deletion)
            self.toast.show_message(deletion.description, self.undo)

    def undo(self) -> None:
        if self._changes_in_flight:
            self._undo_waiting = True
            return
        change = self.undo_stack.pop()
        if change is None:
            self.toast.show_message("Nothing to undo")
            return
        self.toast.hide()

        def undone(_: object) -> None:
            if isinstance(change, NoteDeletion):
                self._refresh_contact()
            else:
                self.conversations.refresh(change.conversation_ids)
                self.refresh_counts()
                self.list_pane.select_id(change.conversation_ids[0])
            self.toast.show_message(f"Undone: {change.description}")

        self._write(lambda s: s.inbox.undo(change), undone)

    # --- replies and drafts ---------------------------------------------------------------

    def _on_thread_reply_requested(
        self, conversation_id: int, text: str, attachments: tuple[Attachment, ...]
    ) -> None:
        # Past Meta's 24 hours (within 7 days) the reply must carry the Human Agent tag.
        tag = self.thread_pane.composer.reply_window().messaging_tag
        self._write(
            lambda s: s.sync.add_reply(conversation_id, text, attachments, tag),
            lambda message_id: self._after_reply(conversation_id, message_id),
        )

    def _after_reply(self, conversation_id: int, message_id: int) -> None:
        if self.messages.conversation_id == conversation_id:
            self.messages.add_or_update([message_id])
            self.thread_pane.scroll_to_bottom()
        self.conversations.refresh([conversation_id])

    # --- quick replies ----------------------------------------------------------------------

    def _load_quick_replies(self) -> None:
        """Read the library again (it is small) and show it in the menu and popup."""
        self._quick_replies = self.reader.quick_replies()
        self._profile = self.reader.profile()
        self.thread_pane.composer.set_profile(self._profile)
        self.thread_pane.composer.set_quick_replies(self._quick_replies)
        for number in range(1, 10):
            action = self.actions_by_name[f"quick_reply_{number}"]
            reply = self._quick_replies[number - 1] if number <= len(self._quick_replies) else None
            relabel(action, f"{number}.  {one_line(reply.name, 50)}" if reply else f"{number}.")
            action.setVisible(reply is not None)

    def insert_quick_reply(self, number: int) -> None:
        """Alt+1 to Alt+9: the library's first nine, filled in at the cursor."""
        if number <= len(self._quick_replies) and self.thread_pane.conversation is not None:
            self.thread_pane.composer.insert_quick_reply(self._quick_replies[number - 1])

    def _on_composer_quick_reply_used(self, reply: QuickReply) -> None:
        if reply.id is not None:
            reply_id = reply.id
            self._write(
                lambda s: s.quick_replies.record_use(reply_id), self._after_quick_reply_used
            )

    def _after_quick_reply_used(self, _: object) -> None:
        self._load_quick_replies()

    def open_quick_reply_library(self) -> None:
        from dmdesk.ui.quick_replies.library import QuickReplyLibraryDialog

        dialog = QuickReplyLibraryDialog(
            self.reader, self.tasks, self.thread_pane.composer.values(), self
        )
        dialog.library_changed.connect(self._load_quick_replies)
        dialog.exec()
        self._load_quick_replies()

    def _palette_quick_replies(self) -> dict[str, tuple[str, Callable[[], None]]]:
        return {
            f"quick_reply_id_{reply.id}": (
                f"Quick reply: {one_line(reply.name, 60)}"
                + (f"   /{reply.keyword}" if reply.keyword else ""),
                lambda reply=reply: self.thread_pane.composer.insert_quick_reply(reply),
            )
            for reply in self._quick_replies
        }

    def _on_thread_draft_changed(self, conversation_id: int, text: str) -> None:
        self._write(lambda s: s.inbox.save_draft(conversation_id, text))

    def _on_contact_do_not_message_changed(self, contact_id: int, value: bool) -> None:
        self.thread_pane.composer.set_do_not_message(value)
        self._write(lambda s: s.inbox.set_do_not_message(contact_id, value))

    def _on_list_query_changed(self, _query: object) -> None:
        self.refresh_counts()
        self._fit_actions_to_view()

    def _view_actions(self) -> tuple[str, ...]:
        return TRASH_ACTIONS if self.list_pane.query().view is View.TRASH else LIVE_ACTIONS

    def _fit_actions_to_view(self) -> None:
        """Offer what makes sense where the user is: Restore and Delete forever in
        Trash, Move to Inbox in Archived, and the usual actions elsewhere."""
        view = self.list_pane.query().view
        shown = self._view_actions()
        for name in LIVE_ACTIONS + TRASH_ACTIONS:
            self.actions_by_name[name].setEnabled(name in shown)
        archive = self.actions_by_name["archive"]
        archived = view is View.ARCHIVED
        relabel(archive, "Move to Inbox" if archived else "Archive")
        archive.setIcon(icon("inbox" if archived else "archive", current_theme().text))
        self.thread_pane.set_header_actions(
            [self.actions_by_name[n] for n in shown if n not in HEADER_LEFT_OUT]
        )

    def _show_list_menu(self, position: QPoint) -> None:
        list_view = self.list_pane.list
        index = list_view.indexAt(position)
        if not index.isValid():
            return
        if not list_view.selectionModel().isSelected(index):
            self.list_pane.select_row(index.row())
        menu = QMenu(self)
        for name in self._view_actions():
            menu.addAction(self.actions_by_name[name])
        menu.exec(list_view.viewport().mapToGlobal(position))

    def _on_tasks_failed(self, text: str) -> None:
        self.toast.show_message(text)

    # --- dialogs -------------------------------------------------------------------------

    def open_palette(self) -> None:
        recent = self.reader.conversation_page(
            ListQuery(view=View.INBOX), limit=CONVERSATIONS_LISTED
        )
        extra = {
            **self._palette_quick_replies(),
            **conversation_entries(recent, self.go_to_conversation),
            **preference_entries(self.preferences),
        }
        dialog = CommandPaletteDialog(
            self.actions_by_name, {name: text for name, (text, _) in extra.items()}, self
        )
        if dialog.exec() and dialog.chosen:
            if dialog.chosen in extra:
                extra[dialog.chosen][1]()
            elif dialog.chosen in self.actions_by_name:
                self.actions_by_name[dialog.chosen].trigger()  # a disabled one does nothing
            else:
                self._handlers()[dialog.chosen]()

    def go_to_conversation(self, conversation_id: int) -> None:
        """Show a conversation (from the palette), in the list where it is there."""
        if not self.list_pane.select_id(conversation_id):
            self._on_list_current_changed(self.reader.conversation(conversation_id))
        self.thread_pane.focus_composer()

    def open_cheat_sheet(self) -> None:
        CheatSheetDialog(self).exec()

    # --- window state ----------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        sizes = self.settings.value("window/splitter")
        if isinstance(sizes, QByteArray):
            self.splitter.restoreState(sizes)

    def show_at_standard_size(self) -> None:
        """1280x800 with the default pane sizes, as the README's screenshots are, and
        without saving that over the size the user chose."""
        self._remember_geometry = False
        self.resize(1280, 800)
        self.splitter.setSizes(DEFAULT_PANE_WIDTHS)

    def save_state(self) -> None:
        self.thread_pane.flush_draft()
        if not self._remember_geometry:
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if (
            not self._quitting
            and self.tray is not None
            and self.tray.isVisible()
            and setting_on(self.settings, "tray/close_to_tray", True)
        ):
            event.ignore()
            self.hide_to_tray()
            return
        self.save_state()
        self._closed = True
        self.tasks.close()
        self.notifications.close()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)

    # --- the tray ------------------------------------------------------------------------

    def install_tray(self) -> bool:
        """The tray icon, where the desktop has a tray; False (and said once) where not."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            if not setting_on(self.settings, "tray/no_tray_said", False):
                self.settings.setValue("tray/no_tray_said", True)
                self.toast.show_message(
                    "This desktop has no system tray: DMDesk stays a normal window, and "
                    "closing it quits."
                )
            return False
        tray = TrayIcon(self, NotificationCenter.pause_choices)
        tray.toggle_requested.connect(self.toggle_visible)
        tray.pause_requested.connect(self._pause_notifications)
        tray.quit_requested.connect(self.quit_app)
        self.tray = tray
        self.notifications.set_tray(tray)
        tray.set_paused_until(self.notifications.paused_until())
        tray.set_unread(self.reader.unread_conversations(muted=False))
        tray.show()
        return True

    def _pause_notifications(self, until: datetime | None) -> None:
        self.notifications.pause(until)
        if self.tray is not None:
            self.tray.set_paused_until(self.notifications.paused_until())

    def hide_to_tray(self) -> None:
        self.save_state()
        self.hide()
        if self.tray is not None:
            self.tray.window_shown(False)
            if not setting_on(self.settings, "tray/close_hint_shown", False):
                self.settings.setValue("tray/close_hint_shown", True)
                self.tray.showMessage(
                    "DMDesk is still running",
                    "New messages still arrive here. Quit from this icon's menu; "
                    "File → Preferences turns this off.",
                )

    def toggle_visible(self) -> None:
        if self.isVisible() and not self.isMinimized():
            self.hide_to_tray()
        else:
            self.bring_to_front()

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        if self.tray is not None:
            self.tray.window_shown(True)

    def quit_app(self) -> None:
        self.close_for_good()
        QApplication.quit()

    def close_for_good(self) -> None:
        """Close the window and take its tray icon away, rather than hide to the tray."""
        self._quitting = True
        self.close()

    @property
    def is_closed(self) -> bool:
        return self._closed

    def _focused_conversation(self) -> int | None:
        """The conversation the user is looking at right now (no popup for it)."""
        if self.isVisible() and self.isActiveWindow() and not self.isMinimized():
            return self.messages.conversation_id
        return None

    def show_from_notification(self, conversation_id: int) -> None:
        self.bring_to_front()
        if conversation_id < 0:
            return
        if not self.list_pane.select_id(conversation_id):
            self.list_pane.search.clear()
            self.go(View.INBOX)
            self.list_pane.select_id(conversation_id)

    def _mark_read_from_notification(self, conversation_id: int) -> None:
        self._mark_read(conversation_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.first_painted.emit()
        return False
