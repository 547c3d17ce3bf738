"""The main window: it builds the rooms (three panes in a splitter, and the
controllers that do each room's work), connects them, routes sync news, and keeps
the window's state (title, size, tray). It writes nothing itself: each room's
controller does its writes on the writer lane."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSplitter, QWidget

from dmdesk import APP_NAME
from dmdesk.domain import (
    AccountStatus,
    ConversationSummary,
    Forgotten,
    IngestResult,
    ListQuery,
    SearchHit,
    View,
)
from dmdesk.services.business_hours import BusinessHours
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.outgoing_files import OUTGOING_FOLDER
from dmdesk.services.thumbnail_cache import THUMBNAILS_FOLDER, ThumbnailCache
from dmdesk.services.undo import FlagChange, count_phrase
from dmdesk.ui.accounts.model import summary_line
from dmdesk.ui.away.switch import AwaySwitch
from dmdesk.ui.contact.edits import ContactEdits
from dmdesk.ui.contact.export import export_person
from dmdesk.ui.contact.forget import forget_person
from dmdesk.ui.contact.pane import ContactPane
from dmdesk.ui.contact.stages_dialog import StagesDialog
from dmdesk.ui.inbox.conversation_actions import ConversationActions
from dmdesk.ui.inbox.list_model import ConversationListModel
from dmdesk.ui.inbox.list_pane import ConversationPane
from dmdesk.ui.inbox.read_tracking import ReadTracker
from dmdesk.ui.inbox.saved_searches import SavedSearches
from dmdesk.ui.inbox.search_runner import SearchRunner
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.plain_text import PlainLabel, literal_label
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.toast import Toast
from dmdesk.ui.kit.undo import Undo
from dmdesk.ui.kit.writes import Writes
from dmdesk.ui.notifications.center import NotificationCenter
from dmdesk.ui.quick_replies.shortcuts import QuickReplyShortcuts
from dmdesk.ui.shell.actions import build_actions
from dmdesk.ui.shell.business_hours_dialog import (
    BUSINESS_HOURS_KEY,
    counting_hours,
    load_business_hours,
)
from dmdesk.ui.shell.cheat_sheet import CheatSheetDialog
from dmdesk.ui.shell.command_palette import run_palette
from dmdesk.ui.shell.help_menu import open_data_folder, report_problem, show_about
from dmdesk.ui.shell.palette_entries import (
    CONVERSATIONS_LISTED,
    conversation_entries,
    preference_entries,
)
from dmdesk.ui.shell.preferences_menu import (
    BADGE_WAITING_KEY,
    READ_DWELL_KEY,
    REMIND_DAYS_KEY,
    WAIT_THRESHOLDS_KEY,
    PreferencesMenu,
    read_dwell_ms,
    remind_days,
    setting_on,
    wait_thresholds,
)
from dmdesk.ui.shell.snooze_clock import SnoozeClock
from dmdesk.ui.shell.tray import TrayIcon
from dmdesk.ui.shell.tray_presence import TrayPresence
from dmdesk.ui.shell.view_actions import ViewActions
from dmdesk.ui.shell.workspace_dialogs import WorkspaceDialogs
from dmdesk.ui.snooze.menu import SnoozeMenu
from dmdesk.ui.thread.model import ThreadModel
from dmdesk.ui.thread.pane import ThreadPane
from dmdesk.ui.thread.photo_viewer import PhotoViewer
from dmdesk.ui.thread.photos import PhotoLoader
from dmdesk.ui.thread.replies import Replies
from dmdesk.ui.thread.voice import VoicePlayer

if TYPE_CHECKING:
    from dmdesk.services.runtime import Services
    from dmdesk.ui.people.window import PeopleWindow
    from dmdesk.ui.reports.window import ReportsWindow


DEFAULT_PANE_WIDTHS = [340, 640, 300]
ROW_INSET = 24
"""The snooze menu opens this far into the row it is for."""
"""List, thread and contact pane widths in pixels, until the user drags them."""


class MainWindow(QMainWindow):
    first_painted = Signal()
    services_ready = Signal()
    """The writer lane's services are built: actions now run without waiting."""
    own_workspace_requested = Signal()
    """From the demo: an account was added to the user's own workspace; open it."""
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
        thumbnails: ThumbnailCache | None = None,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.reader = reader
        self.tasks = tasks
        self.settings = settings
        self._demo_title = demo
        self._show_title(0)
        self._closed = False
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
        self.writes = Writes(tasks, self)
        self.writes.applied.connect(self.changes_applied)
        self.undo = Undo(self.writes, self.toast, self)
        self.conversation_actions = ConversationActions(
            self.list_pane, reader, tasks, self.writes, self.undo, self.toast, self
        )
        self.searching = SearchRunner(self.list_pane, tasks)
        self.saved_searches = SavedSearches(
            self.list_pane, reader, tasks, self.writes, self.toast, self
        )
        self.replies = Replies(self.thread_pane, reader, tasks, self.writes, self.toast, self.undo)
        self.contact_edits = ContactEdits(self.contact_pane, reader, self.writes, self.undo)
        self.quick_replies = QuickReplyShortcuts(
            self.thread_pane.composer,
            lambda: self.thread_pane.conversation is not None,
            reader,
            tasks,
            self.writes,
            self,
        )
        self.dialogs = WorkspaceDialogs(reader, tasks, settings, demo, self)
        self.dialogs.accounts_changed.connect(self._on_accounts_changed)
        self.dialogs.own_workspace_requested.connect(self.own_workspace_requested)
        self.status_label = PlainLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        if demo:
            self.statusBar().showMessage(
                "Demo workspace: invented customers, a new message every 30–90 seconds."
            )

        self.actions_by_name = build_actions(
            self, self.list_pane.list, self._handlers(), self.menuBar()
        )
        self.view_actions = ViewActions(
            self.actions_by_name, self.list_pane, self.thread_pane, self
        )
        self.preferences = PreferencesMenu(settings, self)
        self.read_tracker = ReadTracker(self, read_dwell_ms(settings))
        self.read_tracker.read_due.connect(self.conversation_actions.read_now)
        self.preferences.changed.connect(self._on_preferences_changed)
        file_menu = self.menuBar().actions()[0].menu()
        assert isinstance(file_menu, QMenu)
        file_menu.insertMenu(file_menu.actions()[-1], self.preferences)
        self.preferences.insertAction(
            self.preferences.read_menu.menuAction(), self.actions_by_name["away_message"]
        )
        file_menu.insertSeparator(file_menu.actions()[-1])
        self.notifications = NotificationCenter(
            reader, settings, tasks.workers, self._focused_conversation, parent=self
        )
        self.tray_presence = TrayPresence(
            self, settings, self.notifications, self.toast, self.save_state
        )
        self.snooze_menu = SnoozeMenu(
            self._business_hours, self.conversation_actions.any_snoozed, self
        )
        self.actions_by_name["snooze"].setMenu(self.snooze_menu)
        self.snooze_clock = SnoozeClock(reader, self.writes, self.notifications, self)
        self.away = AwaySwitch(
            settings,
            self.actions_by_name["toggle_away"],
            lambda: load_business_hours(self.settings),
            reader.profile,
            self,
        )
        self._quitting = False
        self._reports: ReportsWindow | None = None
        self._people: PeopleWindow | None = None
        self._connect_signals()
        self.view_actions.fit()
        self._show_wait_thresholds()
        self._fit_send_menu()
        # Pasted images and thumbnails are kept with the workspace's data, beside its
        # settings.
        self.data_folder = data_folder = Path(settings.fileName()).parent
        self.thread_pane.composer.pasted_folder = data_folder / OUTGOING_FOLDER
        self.thread_pane.composer.picture_lane = tasks.picture
        self.photos = PhotoLoader(tasks, self)
        self.photos.disk = thumbnails or ThumbnailCache(data_folder / THUMBNAILS_FOLDER)
        self.thread_pane.use_photos(self.photos, PhotoViewer(self, self.photos, tasks))
        self.voices = VoicePlayer(self)
        self.thread_pane.use_voices(self.voices)
        self._restore_geometry()
        self.quick_replies.numbered_actions = [
            self.actions_by_name[f"quick_reply_{n}"] for n in range(1, 10)
        ]
        self.quick_replies.load()
        self.conversations.reload()
        self._load_people_words()
        self.refresh_counts()
        self.list_pane.select_row(0)
        # Keyboard first: j/k and r work the moment the window opens.
        self.list_pane.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self._painted = False
        self._remember_geometry = True
        self.list_pane.list.viewport().installEventFilter(self)

    # --- wiring ------------------------------------------------------------------------

    def _handlers(self) -> dict[str, Callable[[], object]]:
        return {
            "palette": self.open_palette,
            "accounts": self.dialogs.open_accounts,
            "import_history": self.dialogs.open_import,
            "quit": self.quit_app,
            "reply": self.thread_pane.focus_composer,
            "reply_to_message": self.thread_pane.answer_selected,
            "send": self.thread_pane.composer.request_send,
            "send_later": self.thread_pane.composer.open_send_menu,
            "quick_replies": self.quick_replies.open_library,
            "insert_quick_reply": self.thread_pane.composer.open_quick_replies,
            "away_message": lambda: self.away.edit(),
            "toggle_away": lambda: self.away.flip(),
            **{
                f"quick_reply_{number}": partial(self.quick_replies.insert, number)
                for number in range(1, 10)
            },
            "archive": self.conversation_actions.archive,
            "trash": self.conversation_actions.trash,
            "trash_key": self.conversation_actions.trash,
            "restore": self.conversation_actions.restore,
            "delete_forever": self.conversation_actions.delete_forever,
            "mark_unread": lambda: self.conversation_actions.mark_read(False),
            "mark_read": lambda: self.conversation_actions.mark_read(True),
            "pin": self.conversation_actions.toggle_pin,
            "mute": self.conversation_actions.toggle_mute,
            "no_reply_needed": self.conversation_actions.no_reply_needed,
            "snooze": self.open_snooze_menu,
            "unsnooze": self.conversation_actions.unsnooze,
            "undo": self.undo.undo,
            "select_all": self.list_pane.list.selectAll,
            "next": lambda: self.list_pane.step(1),
            "previous": lambda: self.list_pane.step(-1),
            "open": self.open_current,
            "back": self.focus_list,
            "filter": self.focus_filter,
            "save_search": lambda: self.saved_searches.save(self.list_pane.search.text().strip()),
            **{f"go_{view.value}": partial(self.go, view) for view in View},
            "reports": self.open_reports,
            "cheat_sheet": self.open_cheat_sheet,
            "merge_person": self.contact_edits.merge_shown,
            "edit_stages": self.edit_stages,
            "people": self.open_people,
            **{f"stage_{n}": partial(self.contact_edits.stage_shown, n) for n in range(0, 10)},
            "forget_person": self._forget_shown,
            "open_data_folder": lambda: open_data_folder(self.data_folder),
            "report_problem": lambda: report_problem(
                self, self.reader, self.data_folder, demo=self._demo_title
            ),
            "about": lambda: show_about(self, self.data_folder),
        }

    def _connect_signals(self) -> None:
        self.list_pane.current_changed.connect(self._on_list_current_changed)
        self.list_pane.query_changed.connect(self._on_list_query_changed)
        self.list_pane.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_pane.list.customContextMenuRequested.connect(self.view_actions.show_menu)
        self.list_pane.hit_activated.connect(self.open_hit)
        self.list_pane.results.selectionModel().currentChanged.connect(
            lambda current, _previous: self._on_list_current_changed(
                current.data(Roles.CONVERSATION) if current.isValid() else None
            )
        )
        self.searching.cleared.connect(  # back where the owner was
            lambda: self._on_list_current_changed(self.list_pane.current())
        )
        self.searching.shown.connect(self.search_shown)
        self.saved_searches.counted.connect(self.saved_views_counted)
        self.conversation_actions.changed.connect(self._after_change)
        self.conversation_actions.counts_changed.connect(self.refresh_counts)
        self.replies.conversation_changed.connect(self._on_conversation_changed)
        composer = self.thread_pane.composer
        self.contact_edits.shown.connect(composer.set_contact)
        self.contact_pane.conversation_chosen.connect(self.open_conversation)
        self.contact_pane.export_requested.connect(
            lambda cid: export_person(self, self.reader, self.tasks, self.toast, cid)
        )
        self.contact_pane.forget_requested.connect(self._forget)
        self.contact_edits.people_changed.connect(self._after_people_change)
        self.contact_pane.do_not_message_changed.connect(
            lambda _cid, value: composer.set_do_not_message(value)
        )
        self.tasks.failed.connect(self.toast.show_message)
        self.snooze_menu.chosen.connect(self.conversation_actions.snooze)
        self.snooze_menu.unsnooze_requested.connect(self.conversation_actions.unsnooze)
        self.snooze_clock.returned.connect(self._on_back_from_snooze)
        self.notifications.open_requested.connect(self.show_from_notification)
        self.notifications.mark_read_requested.connect(self.conversation_actions.read_now)
        self.notifications.scheduled_action_requested.connect(self.replies.on_scheduled_action)
        self.away.changed.connect(self._give_away_plan)
        self._away_was_on = self.away.plan() is not None

    # --- services coming up and sync ------------------------------------------------------

    def on_services_ready(self, services: Services) -> None:
        # Before any account syncs: a message that comes in tonight is answered.
        services.sync.set_away_message(self.away.plan())
        self.saved_searches.refresh()
        self.dialogs.keyring_available = services.connections.keyring_available
        self.notifications.follow_up_timer.start()
        QTimer.singleShot(5000, self.notifications.check_follow_ups)
        self.snooze_clock.start()  # and what fell due while DMDesk was closed
        self._show_account_summary()
        self.services_ready.emit()

    def _give_away_plan(self) -> None:
        plan = self.away.plan()
        self.writes.write(lambda s: s.sync.set_away_message(plan))
        if (plan is not None) != self._away_was_on:  # new words or hours need no toast
            self._away_was_on = plan is not None
            words = "on: customers who write while you are closed get it" if plan else "off"
            self.toast.show_message(f"Away message {words}")

    def _show_account_summary(self) -> None:
        self.status_label.setText(summary_line(self.reader.accounts()))

    def _on_accounts_changed(self) -> None:
        self._show_account_summary()
        self.conversations.reload()
        self.refresh_counts()

    def on_messages_ingested(self, _account_id: int, result: IngestResult) -> None:
        if self._closed:
            return  # news that was on its way while the workspace closed
        self.notifications.on_messages_ingested(result)
        if result.held_message_ids:  # they wrote before a reply scheduled for them
            self.notifications.scheduled_held(result.held_message_ids)
        self.notifications.withdraw_read(result.touched_conversation_ids)  # read on the phone
        self.saved_searches.recount.start()
        self.conversations.refresh(result.touched_conversation_ids)
        open_id = self.messages.conversation_id
        if open_id in result.touched_conversation_ids:
            at_bottom = self.thread_pane.is_at_bottom()
            self.messages.add_or_update(
                result.new_message_ids
                + result.updated_message_ids
                + result.held_message_ids
                + result.away_message_ids
            )
            if at_bottom:
                self.thread_pane.scroll_to_bottom()
            if open_id is not None:
                self.thread_pane.update_conversation(self.reader.conversation(open_id))
                self.thread_pane.composer.set_last_incoming(self.reader.last_incoming_at(open_id))
                self.read_tracker.news(open_id)
        self.refresh_counts()

    def on_message_status_changed(self, message_ids: tuple[int, ...]) -> None:
        if not self._closed:
            self.messages.add_or_update(message_ids)

    def on_account_status_changed(self, account_id: int, status: str, detail: str) -> None:
        if self._closed:
            return
        connected = status == AccountStatus.CONNECTED.value
        if (status != AccountStatus.SYNCING.value and not connected) or (connected and detail):
            self.statusBar().showMessage(detail, 10_000)
        # A token that cannot be renewed, or a gap in what the platform kept (words
        # with "connected"): once as a notification too.
        if detail and (connected or status == AccountStatus.NEEDS_RECONNECT.value):
            account = next((a for a in self.reader.accounts() if a.id == account_id), None)
            if account is not None:
                self.notifications.account_needs_you(account, detail)
        self._show_account_summary()
        self.dialogs.on_account_status_changed()

    def _on_conversation_changed(self, conversation_id: int) -> None:
        """A reply went in or was discarded: the row moves, the header's wait ends."""
        self.conversations.refresh([conversation_id])
        self.thread_pane.update_conversation(self.reader.conversation(conversation_id))

    def refresh_counts(self) -> None:
        every, calling = self.reader.unread_counts()
        waiting = self.reader.waiting_count()
        self.list_pane.set_counts(
            {
                View.INBOX: every,
                View.UNREAD: every,
                View.WAITING: waiting,
                View.SNOOZED: self.reader.snoozed_count(),
                View.FOLLOW_UPS: self.reader.follow_up_count(),
                View.SCHEDULED: self.reader.scheduled_count(),
            }
        )
        # The tray and the dock call for attention: muted conversations do not; or,
        # as Preferences choose, they count the customers waiting for an answer.
        by_waiting = setting_on(self.settings, BADGE_WAITING_KEY, False)
        badge = waiting if by_waiting else calling
        self._show_title(badge)
        if self.tray is not None:
            self.tray.set_unread(badge, "waiting" if by_waiting else "unread")
        self.notifications.set_unread(badge)
        self.list_pane.set_stage_counts(self.contact_edits.stages, self.reader.stage_counts())

    def _load_people_words(self) -> None:
        """The stages (in the pane, the keys' menu entries and the search box) and
        the tags in use (suggested in the pane and after tag:)."""
        stages = self.contact_edits.load_stages()
        tags = self.reader.known_tags()
        self.contact_pane.tags.set_known(tags)
        self.list_pane.set_known_words(tags, stages)
        for n in range(1, 10):
            action = self.actions_by_name[f"stage_{n}"]
            name = stages[n - 1] if n <= len(stages) else ""
            action.setText(
                literal_label(f"Move to {one_line(name, 40)}") if name else f"Move to stage {n}"
            )
            action.setEnabled(bool(name))

    def edit_stages(self) -> None:
        dialog = StagesDialog(self.contact_edits.stages, self)
        if not dialog.exec():
            return
        names, renamed = dialog.stages(), dialog.renamed()

        def landed(_: object) -> None:
            self._load_people_words()
            self.refresh_counts()
            self.contact_edits.show(self.thread_pane.conversation)

        self.tasks.write(lambda s: s.inbox.set_stages(names, renamed), landed)

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
        contact = self.contact_edits.show(conversation)
        composer = self.thread_pane.composer
        account = (
            next((a for a in self.reader.accounts() if a.id == conversation.account_id), None)
            if conversation
            else None
        )
        composer.set_conversation(
            conversation,
            contact,
            self.quick_replies.profile,
            history_only=account is not None and account.history_only,
        )
        composer.set_last_incoming(
            self.reader.last_incoming_at(conversation.id) if conversation else None
        )
        composer.set_quick_replies(self.quick_replies.replies)
        self.conversations.keep(conversation.id if conversation else None)
        self.read_tracker.opened(
            conversation.id if conversation else None,
            bool(conversation is not None and conversation.unread_count),
        )

    def _on_preferences_changed(self, key: str) -> None:
        if key == READ_DWELL_KEY:
            self.read_tracker.set_dwell(read_dwell_ms(self.settings))
        if key in (WAIT_THRESHOLDS_KEY, BUSINESS_HOURS_KEY):
            self._show_wait_thresholds()
        if key == BADGE_WAITING_KEY:
            self.refresh_counts()
        if key in (REMIND_DAYS_KEY, BUSINESS_HOURS_KEY):
            self._fit_send_menu()
        if key == BUSINESS_HOURS_KEY:
            self.away.hours_changed()

    def _fit_send_menu(self) -> None:
        menu = self.thread_pane.composer.send_menu
        menu.hours, menu.remind_days = self._business_hours(), remind_days(self.settings)

    def _show_wait_thresholds(self) -> None:
        """How waits are judged: the thresholds, and the hours that count."""
        thresholds, hours = wait_thresholds(self.settings), counting_hours(self.settings)
        self.list_pane.set_wait_thresholds(thresholds, hours)
        self.thread_pane.thresholds, self.thread_pane.hours = thresholds, hours
        self.thread_pane.show_wait()

    def open_current(self) -> None:
        if self.list_pane.current() is None:
            self.list_pane.select_row(0)
        self.thread_pane.scroll_to_bottom()
        self.thread_pane.view.setFocus()

    def focus_list(self) -> None:
        self.thread_pane.flush_draft()
        self.list_pane.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- search ---------------------------------------------------------------------------

    def open_hit(self, hit: SearchHit) -> None:
        """Open a result's conversation, scrolled to the message, briefly marked."""
        self._on_list_current_changed(hit.conversation)
        if hit.message_id is None:
            self.thread_pane.focus_composer()
            return
        self.thread_pane.reveal(hit.message_id)
        self.thread_pane.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_filter(self) -> None:
        self.list_pane.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.list_pane.search.selectAll()

    def open_snooze_menu(self) -> None:
        """``b``: the snooze times, under the chosen row (or mid-window)."""
        if not self.list_pane.selected_ids():
            return
        rows = self.list_pane.list
        row = rows.visualRect(rows.currentIndex())
        if rows.isVisible() and row.isValid():
            at = rows.viewport().mapToGlobal(row.bottomLeft() + QPoint(ROW_INSET, 0))
        else:
            at = self.mapToGlobal(self.rect().center())
        self.snooze_menu.popup(at)

    def _business_hours(self) -> BusinessHours | None:
        hours = load_business_hours(self.settings)
        return hours if hours.is_set else None

    def go(self, view: View) -> None:
        self.list_pane.set_view(view)
        self.focus_list()

    # --- what other rooms show of a change ----------------------------------------------

    def _after_change(self, change: FlagChange, remove: bool) -> None:
        self.notifications.withdraw_read(change.conversation_ids)
        if not remove:
            current = self.thread_pane.conversation
            if current is not None and current.id in change.conversation_ids:
                self.thread_pane.update_conversation(self.reader.conversation(current.id))
        self.refresh_counts()

    def _after_people_change(self, conversation_ids: tuple[int, ...]) -> None:
        """People merged, separated, tagged or moved to a stage: these
        conversations' rows read again (the thread's among them, maybe), and
        follow-ups, stage counts and known tags may have changed."""
        self.conversations.refresh(conversation_ids)
        current = self.thread_pane.conversation
        if current is not None:
            self.thread_pane.update_conversation(self.reader.conversation(current.id))
        self._load_people_words()
        self.refresh_counts()

    def _forget_shown(self) -> None:
        if self.contact_pane.contact is not None:
            self._forget(self.contact_pane.contact.id)

    def _forget(self, contact_id: int) -> None:
        forget_person(self, self.tasks, self.toast, contact_id, self._after_forgetting)

    def _after_forgetting(self, forgotten: Forgotten) -> None:
        """A person forgotten: nothing of them stays on screen, and no undo names
        what was theirs (SQLite gives their ids to the next rows it writes)."""
        row = self.list_pane.list.currentIndex().row()
        self.undo.clear()
        self.notifications.withdraw_read(forgotten.conversation_ids)
        if self.list_pane.searching:
            self.list_pane.clear_search()
        self.conversations.reload()  # their group chats' rows change too
        self.list_pane.select_row(max(0, row))
        self.refresh_counts()
        files = (
            f" and {count_phrase(forgotten.files_deleted, 'file')}"
            if forgotten.files_deleted
            else ""
        )
        self.toast.show_message(
            f"Forgot {one_line(forgotten.name, 60)}: "
            f"{count_phrase(forgotten.messages, 'message')}{files} deleted for good"
        )

    def _on_back_from_snooze(self, conversation_ids: tuple[int, ...]) -> None:
        self.conversations.refresh(conversation_ids)
        self.refresh_counts()

    def _on_list_query_changed(self, _query: object) -> None:
        self.refresh_counts()
        self.view_actions.fit()

    # --- dialogs -------------------------------------------------------------------------

    def open_palette(self) -> None:
        recent = self.reader.conversation_page(
            ListQuery(view=View.INBOX), limit=CONVERSATIONS_LISTED
        )
        extra = {
            **self.quick_replies.palette_entries(),
            **conversation_entries(recent, self.go_to_conversation),
            **preference_entries(self.preferences),
        }
        run_palette(self.actions_by_name, extra, self._handlers(), self)

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
        if not self._quitting and self.tray_presence.keeps_running():
            event.ignore()
            self.hide_to_tray()
            return
        self.save_state()
        self._closed = True
        self.tasks.close()
        self.snooze_clock.stop()
        self.notifications.close()
        self.voices.close()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)

    # --- the tray ------------------------------------------------------------------------

    @property
    def tray(self) -> TrayIcon | None:
        return self.tray_presence.icon

    @tray.setter
    def tray(self, icon: TrayIcon | None) -> None:
        self.tray_presence.icon = icon

    def install_tray(self) -> bool:
        """The tray icon, where the desktop has a tray; False (and said once) where not."""
        tray = self.tray_presence.install(self.reader.unread_conversations(muted=False))
        if tray is not None:
            tray.quit_requested.connect(self.quit_app)
            tray.add_switch(self.away.toggle)
        return tray is not None

    def hide_to_tray(self) -> None:
        self.tray_presence.hide_window()

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

    def open_reports(self) -> None:
        """``g r``: the report window, made on first use (charts load pyqtgraph)."""
        if self._reports is None:
            from dmdesk.ui.reports.window import ReportsWindow

            self._reports = ReportsWindow(self.tasks, self._business_hours, self)
            self._reports.open_conversation.connect(self.open_conversation)
        self._reports.show()
        self._reports.raise_()
        self._reports.activateWindow()
        self._reports.refresh()

    def open_people(self) -> None:
        """``g c``: the People table, made on first use."""
        if self._people is None:
            from dmdesk.ui.people.window import PeopleWindow

            self._people = PeopleWindow(self.reader, self.tasks, self)
            self._people.open_conversation.connect(self.open_conversation)
            self._people.people_changed.connect(self._after_people_table_change)
        self._people.show()
        self._people.raise_()
        self._people.activateWindow()
        self._people.refresh()

    def _after_people_table_change(self) -> None:
        """Tags or stages written from the People table: the rows show them."""
        rows = (
            self.conversations.index(r).data(Roles.CONVERSATION)
            for r in range(self.conversations.rowCount())
        )
        self._after_people_change(tuple(c.id for c in rows if c is not None))

    def open_conversation(self, conversation_id: int) -> None:
        """A conversation from elsewhere (a report): in the list where it is there,
        else in the thread as a search result opens it."""
        self.tray_presence.bring_to_front()
        if self.list_pane.select_id(conversation_id):
            return
        summary = self.reader.conversation(conversation_id)
        if summary is not None:
            self._on_list_current_changed(summary)

    def show_from_notification(self, conversation_id: int) -> None:
        self.tray_presence.bring_to_front()
        if conversation_id < 0:
            return
        if not self.list_pane.select_id(conversation_id):
            self.list_pane.search.clear()
            self.go(View.INBOX)
            self.list_pane.select_id(conversation_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.first_painted.emit()
        return False
