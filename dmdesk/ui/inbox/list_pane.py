"""The left pane: the search box, folders with unread counts, platform filter,
and the conversation list, which search results replace while a query is typed."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import (
    ConversationSummary,
    ListQuery,
    Platform,
    SavedView,
    SearchCursor,
    SearchHit,
    View,
    stage_key,
)
from dmdesk.services.business_hours import BusinessHours
from dmdesk.services.search_query import COMPLETIONS
from dmdesk.services.waiting_time import WaitThresholds
from dmdesk.ui.inbox.list_delegate import ConversationDelegate
from dmdesk.ui.inbox.list_hold import ListHold
from dmdesk.ui.inbox.list_model import ConversationListModel
from dmdesk.ui.inbox.row_painting import ROW_HEIGHT
from dmdesk.ui.inbox.search_delegate import SearchResultDelegate
from dmdesk.ui.inbox.search_model import SearchResultModel
from dmdesk.ui.kit.flow_layout import FlowLayout
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.plain_text import PlainLabel, as_rich_text, literal_label
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.theme import current_theme

COUNT_SHOWN_MAX = 1000
"""A saved search's count is shown as "1,000+" from here (the store stops counting)."""
SEARCH_DELAY_MS = 150
"""Typing pauses this long before a search runs: each key does not start one."""

VIEW_ICONS = {
    View.INBOX: "inbox",
    View.UNREAD: "unread",
    View.WAITING: "clock",
    View.SNOOZED: "snooze",
    View.FOLLOW_UPS: "follow-up",
    View.SCHEDULED: "send-later",
    View.PINNED: "pin",
    View.ARCHIVED: "archive",
    View.TRASH: "trash",
}
EMPTY_TEXT = {
    View.INBOX: "Inbox zero. Nice work! ✨",
    View.UNREAD: "Nothing unread.",
    View.WAITING: "Nobody is waiting for an answer. 🎉",
    View.SNOOZED: "Nothing snoozed. Snooze a conversation (B) to have it back later.",
    View.FOLLOW_UPS: "No follow-ups. Snooze “until they reply” (B), or set a date "
    "in the contact's notes.",
    View.SCHEDULED: "No replies waiting to go. Ctrl+Shift+Enter in a reply sends it later.",
    View.PINNED: "Pin a conversation (P) to keep it at the top.",
    View.ARCHIVED: "No archived conversations.",
    View.TRASH: "Trash is empty.",
}


class _LastWordCompleter(QCompleter):
    """Completes the word being typed (a filter such as ``is:unread``), not the
    whole box."""

    def splitPath(self, path: str) -> list[str]:
        return [path.split(" ")[-1]]

    def pathFromIndex(self, index: QModelIndex) -> str:  # type: ignore[override]
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        head = typed.rsplit(" ", 1)[0] + " " if " " in typed else ""
        return head + str(index.data())


class ConversationPane(QWidget):
    current_changed = Signal(object)  # ConversationSummary | None
    query_changed = Signal(object)  # ListQuery
    search_changed = Signal(str)
    """The search box's text after typing paused ("" when the search was cleared)."""
    hit_activated = Signal(object)  # SearchHit
    """Enter or a click on a search result: open it."""
    save_requested = Signal(str)
    """The star in the search box: keep this search as a view."""
    saved_view_menu_requested = Signal(object, object)  # SavedView, QPoint (global)
    saved_view_moved = Signal(object, int)  # SavedView, -1 up / +1 down

    def __init__(self, model: ConversationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.model = model
        color = current_theme().muted_text

        self.search = QLineEdit(self)
        self.search.setObjectName("SearchBox")
        self.search.setPlaceholderText("Search messages, people, notes   ( / )")
        self.search.setToolTip(
            'Words, "a phrase", pre* and filters: from: platform: is:unread is:archived '
            "is:pinned is:unanswered has:attachment has:link before:2024-03-01 after: tag:"
        )
        self._completions = QStringListModel(list(COMPLETIONS), self)
        completer = _LastWordCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.setCompleter(completer)
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", color), QLineEdit.ActionPosition.LeadingPosition)

        self.views = QListWidget(self)
        self.views.setObjectName("ViewList")
        for view in View:
            item = QListWidgetItem(icon(VIEW_ICONS[view], current_theme().text), view.label)
            item.setData(Qt.ItemDataRole.UserRole, view.value)
            self.views.addItem(item)
        self.views.setCurrentRow(0)
        self.views.setFixedHeight(len(View) * (self.views.sizeHintForRow(0) + 2) + 8)
        self.views.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.views.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.save_action = self.search.addAction(
            icon("star", color), QLineEdit.ActionPosition.TrailingPosition
        )
        self.save_action.setToolTip("Save this search in the left pane")
        self.save_action.setVisible(False)
        self.save_action.triggered.connect(
            lambda: self.save_requested.emit(self.search.text().strip())
        )

        self.saved_title = PlainLabel("SAVED SEARCHES", self)
        self.saved_title.setObjectName("SectionTitle")
        self.saved = QListWidget(self)
        self.saved.setObjectName("ViewList")
        self.saved.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.saved.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.saved.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.saved.customContextMenuRequested.connect(self._on_saved_menu)
        self.saved.itemClicked.connect(self._on_saved_clicked)
        self.set_saved_views([], {})

        self.stages_title = PlainLabel("STAGES", self)
        self.stages_title.setObjectName("SectionTitle")
        # A line of chips, not a list: the conversations below need the height.
        self.stage_list = QWidget(self)
        self.stage_list.setAccessibleName("Stages")
        self._stage_flow = FlowLayout(self.stage_list, spacing=4)
        self.stage_buttons: list[QToolButton] = []
        self.set_stage_counts((), {})

        self.platforms = QComboBox(self)
        self.platforms.addItem("All platforms", None)
        for platform in Platform:
            self.platforms.addItem(platform.label, platform.value)
        self.platforms.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.list = QListView(self)
        self.list.setObjectName("ConversationList")
        self.list.setModel(model)
        self._was_between: tuple[int | None, int | None, int | None] = (None, None, None)
        """(the current conversation, the ones above and below it) before it moved."""
        model.rowsAboutToBeMoved.connect(self._on_model_rows_about_to_be_moved)
        self.rows = ConversationDelegate(self.list)
        self.list.setItemDelegate(self.rows)
        # Waits and times grow while the window stays open: the rows say so each minute.
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self.list.viewport().update)
        self._clock.start()
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.verticalScrollBar().setSingleStep(ROW_HEIGHT // 2)
        self.list.setMouseTracking(True)
        self.list.setAccessibleName("Conversations")
        self.hold = ListHold(self.list, model)

        # Drawn over the (empty) list rather than instead of it, so the list keeps the
        # keyboard focus and j/k/r work the moment the first conversation arrives.
        # The viewports are kept rather than asked for in eventFilter: asking a view
        # for its viewport while Qt destroys it raises inside ~QWidget.
        self._list_viewport = self.list.viewport()
        self.empty = PlainLabel(self._list_viewport)
        self.empty.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._list_viewport.installEventFilter(self)
        self.empty.setObjectName("EmptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self.results_model = SearchResultModel(self)
        self.results = QListView(self)
        self.results.setObjectName("ConversationList")
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(SearchResultDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.verticalScrollBar().setSingleStep(ROW_HEIGHT // 2)
        self.results.setMouseTracking(True)
        self.results.setAccessibleName("Search results")
        self._results_viewport = self.results.viewport()
        self.no_results = PlainLabel(self._results_viewport)
        self.no_results.setObjectName("EmptyState")
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_results.setWordWrap(True)
        self.no_results.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._results_viewport.installEventFilter(self)
        self.lists = QStackedWidget(self)
        self.lists.addWidget(self.list)
        self.lists.addWidget(self.results)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._emit_search)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(6)
        for widget in (
            self.search,
            self.views,
            self.saved_title,
            self.saved,
            self.stages_title,
            self.stage_list,
            self.platforms,
        ):
            wrapper = QVBoxLayout()
            wrapper.setContentsMargins(10, 0, 10, 0)
            wrapper.addWidget(widget)
            layout.addLayout(wrapper)
        layout.addWidget(self.lists, 1)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.installEventFilter(self)
        self.saved.installEventFilter(self)
        self.results.activated.connect(self._activate)
        self.results.clicked.connect(self._activate)
        self.results_model.modelReset.connect(self._update_no_results)
        self.views.currentRowChanged.connect(self._on_filters_changed)
        self.platforms.currentIndexChanged.connect(self._on_filters_changed)
        self.list.selectionModel().currentChanged.connect(self._on_list_current_changed)
        model.modelReset.connect(self._update_empty_state)
        model.rowsRemoved.connect(self._update_empty_state)
        model.rowsInserted.connect(self._update_empty_state)
        self._update_empty_state()

    # --- state -----------------------------------------------------------------------------

    def query(self) -> ListQuery:
        item = self.views.currentItem()
        view = View(item.data(Qt.ItemDataRole.UserRole)) if item else View.INBOX
        platform = self.platforms.currentData()
        return ListQuery(view=view, platform=Platform(platform) if platform else None)

    def set_view(self, view: View) -> None:
        self.views.setCurrentRow(list(View).index(view))

    @property
    def searching(self) -> bool:
        """Whether search results stand in for the list."""
        return self.lists.currentWidget() is self.results

    def current(self) -> ConversationSummary | None:
        view = self.results if self.searching else self.list
        index = view.currentIndex()
        return index.data(Roles.CONVERSATION) if index.isValid() else None

    def current_hit(self) -> SearchHit | None:
        index = self.results.currentIndex()
        return index.data(Roles.SEARCH_HIT) if self.searching and index.isValid() else None

    def selected_ids(self) -> list[int]:
        if self.searching:  # actions apply to the conversation of the result at hand
            current = self.current()
            return [current.id] if current is not None else []
        rows = sorted(i.row() for i in self.list.selectionModel().selectedRows())
        ids = [c.id for r in rows if (c := self.model.conversation_at(r)) is not None]
        current = self.current()
        if not ids and current is not None:
            ids = [current.id]
        return ids

    def select_row(self, row: int) -> None:
        row = min(row, self.model.rowCount() - 1)
        if row < 0:
            self.current_changed.emit(None)
            return
        index = self.model.index(row)
        self.list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list.scrollTo(index)

    def select_id(self, conversation_id: int) -> bool:
        row = self.model.row_of(conversation_id)
        if row >= 0:
            self.select_row(row)
        return row >= 0

    def _on_model_rows_about_to_be_moved(
        self, _parent: QModelIndex, first: int, last: int, *_destination: object
    ) -> None:
        """The conversation the owner is on moves (a reply took it to the top): j and
        k go on from where it was, to the ones that were next to it."""
        row = self.list.currentIndex().row()
        if not first <= row <= last:
            return
        above = self.model.conversation_at(row - 1)
        below = self.model.conversation_at(row + 1)
        current = self.model.conversation_at(row)
        self._was_between = (
            current.id if current else None,
            above.id if above else None,
            below.id if below else None,
        )

    def step(self, step: int) -> None:
        moved, above, below = self._was_between
        self._was_between = (None, None, None)
        current = self.current()
        neighbour = below if step > 0 else above
        came_back = current is not None and current.id == moved and neighbour is not None
        if came_back and neighbour is not None and self.select_id(neighbour):
            return
        row = self.list.currentIndex().row()
        target = 0 if row < 0 else row + step
        if target >= self.model.rowCount() and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        if 0 <= target < self.model.rowCount():
            self.select_row(target)

    def set_saved_views(self, views: list[SavedView], counts: dict[int, int]) -> None:
        """The saved searches with how many results each has (shown "1000+" past that)."""
        chosen = (
            self.saved.currentItem().data(Roles.SAVED_VIEW).id if self.saved.currentItem() else None
        )
        self.saved.clear()
        for view in views:
            count = counts.get(view.id)
            shown = (
                "" if count is None else f"{count:,}" + ("+" if count >= COUNT_SHOWN_MAX else "")
            )
            item = QListWidgetItem(
                icon("saved-search", current_theme().text), f"{view.name}    {shown}".rstrip()
            )
            item.setData(Roles.SAVED_VIEW, view)
            item.setToolTip(as_rich_text(view.query))
            self.saved.addItem(item)
            if view.id == chosen:
                self.saved.setCurrentItem(item)
        rows = len(views)
        self.saved.setFixedHeight(rows * (self.saved.sizeHintForRow(0) + 2) + 8 if rows else 0)
        self.saved.setVisible(bool(rows))
        self.saved_title.setVisible(bool(rows))

    def set_stage_counts(self, stages: tuple[str, ...], counts: Mapping[str, int]) -> None:
        """How many people stand at each stage, for the stages someone is at (a
        click lists their conversations, as stage: in the search box does)."""
        for button in self.stage_buttons:
            self._stage_flow.removeWidget(button)
            button.deleteLater()
        self.stage_buttons = []
        shown = [s for s in stages if counts.get(s)]
        shown += sorted(s for s in counts if s not in stages and counts[s])  # taken out since
        for stage in shown:
            button = QToolButton(self.stage_list)
            button.setObjectName("StageChip")
            button.setText(literal_label(f"{one_line(stage, 30)}  {counts[stage]:,}"))
            button.setAccessibleName(f"{stage}: {counts[stage]:,} people")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(partial(self._show_stage, stage))
            self._stage_flow.addWidget(button)
            self.stage_buttons.append(button)
        self.stage_list.setVisible(bool(shown))
        self.stages_title.setVisible(bool(shown))

    def _show_stage(self, stage: str) -> None:
        self.search.setText(f"stage:{stage_key(stage)} ")
        self._search_timer.stop()
        self._emit_search()

    def set_known_words(self, tags: list[str], stages: tuple[str, ...]) -> None:
        """The search box's completions: its filters, and the workspace's own tags
        and stages after tag: and stage:."""
        known = [
            *COMPLETIONS,
            *(f"tag:{t}" if " " not in t else f'tag:"{t}"' for t in tags),
            *(f"stage:{stage_key(s)}" for s in stages),
        ]
        self._completions.setStringList(list(dict.fromkeys(known)))

    def current_saved_view(self) -> SavedView | None:
        item = self.saved.currentItem()
        view = item.data(Roles.SAVED_VIEW) if item is not None else None
        return view if isinstance(view, SavedView) else None

    def _on_saved_clicked(self, item: QListWidgetItem) -> None:
        view: SavedView = item.data(Roles.SAVED_VIEW)
        self.search.setText(view.query + " ")  # the trailing space: no word is being typed
        self._search_timer.stop()
        self._emit_search()

    def _on_saved_menu(self, point: QPoint) -> None:
        item = self.saved.itemAt(point)
        if item is not None:
            self.saved.setCurrentItem(item)
            self.saved_view_menu_requested.emit(
                item.data(Roles.SAVED_VIEW), self.saved.viewport().mapToGlobal(point)
            )

    def set_wait_thresholds(
        self, thresholds: WaitThresholds, hours: BusinessHours | None = None
    ) -> None:
        """When waits turn amber and red, and (with business hours) which hours count."""
        self.rows.thresholds, self.rows.hours = thresholds, hours
        self.list.viewport().update()

    def set_counts(self, counts: Mapping[View, int]) -> None:
        """The number beside each view that has one: unread beside Inbox and Unread,
        customers waiting beside Waiting, and how many are snoozed, due for a
        follow-up and scheduled to be sent."""
        for row, view in enumerate(View):
            count = counts.get(view, 0)
            self.views.item(row).setText(f"{view.label}    {count:,}" if count else view.label)

    # --- slots ---------------------------------------------------------------------------------

    def show_results(
        self, text: str, hits: tuple[SearchHit, ...], more: SearchCursor | None
    ) -> None:
        """The answer to a search: shown if the box still says the same."""
        if text != self.search.text().strip() or not text:
            return
        self.results_model.set_results(text, hits, more)
        self.lists.setCurrentWidget(self.results)
        if hits:
            self.results.setCurrentIndex(self.results_model.index(0))

    def clear_search(self) -> None:
        self.search.clear()

    def _on_search_text_changed(self, text: str) -> None:
        self.save_action.setVisible(bool(text.strip()))
        if not text.strip():
            self.saved.clearSelection()
            self.saved.setCurrentRow(-1)
        if text.strip():
            self._search_timer.start()
            return
        self._search_timer.stop()
        if self.searching:
            self.results_model.clear()
            self.lists.setCurrentWidget(self.list)
            self.search_changed.emit("")

    def _emit_search(self) -> None:
        self.search_changed.emit(self.search.text())

    def _activate(self, index: QModelIndex) -> None:
        hit = index.data(Roles.SEARCH_HIT)
        if hit is not None:
            self.hit_activated.emit(hit)

    def _step_results(self, step: int) -> None:
        row = max(
            0, min(self.results.currentIndex().row() + step, self.results_model.rowCount() - 1)
        )
        if self.results_model.rowCount():
            self.results.setCurrentIndex(self.results_model.index(row))

    def _update_no_results(self) -> None:
        self.no_results.setText(f"Nothing found for “{self.results_model.text}”.")
        self.no_results.setGeometry(self.results.viewport().rect().adjusted(12, 0, -12, 0))
        self.no_results.setVisible(self.results_model.rowCount() == 0)

    def _on_filters_changed(self, *_: object) -> None:
        self.clear_search()  # a folder or platform chosen: back to the list
        self.rows.view = self.query().view
        self.model.set_query(self.query())
        self.query_changed.emit(self.model.query)
        self.select_row(0)

    def _on_list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(current.data(Roles.CONVERSATION) if current.isValid() else None)

    def _update_empty_state(self, *_: object) -> None:
        empty = self.model.rowCount() == 0
        query = self.model.query
        if query.platform is not None:
            self.empty.setText(f"No {query.platform.label} conversations here.")
        else:
            self.empty.setText(EMPTY_TEXT[query.view])
        self.empty.setGeometry(self.list.viewport().rect().adjusted(12, 0, -12, 0))
        self.empty.setVisible(empty)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._list_viewport and event.type() == QEvent.Type.Resize:
            self.empty.setGeometry(self._list_viewport.rect().adjusted(12, 0, -12, 0))
        if watched is self._results_viewport and event.type() == QEvent.Type.Resize:
            self.no_results.setGeometry(self._results_viewport.rect().adjusted(12, 0, -12, 0))
        if watched is self.search and isinstance(event, QKeyEvent):
            return self._search_key(event)
        if watched is self.saved and isinstance(event, QKeyEvent):
            return self._saved_key(event)
        return False

    def _saved_key(self, event: QKeyEvent) -> bool:
        """Alt+Up and Alt+Down move a saved search; Enter opens it."""
        view = self.current_saved_view()
        if event.type() != QEvent.Type.KeyPress or view is None:
            return False
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            self.saved_view_moved.emit(view, -1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_saved_clicked(self.saved.currentItem())
            return True
        return False

    def _search_key(self, event: QKeyEvent) -> bool:
        """Up, Down and Enter work the results from the box; Esc leaves the search."""
        popup = self.search.completer().popup()
        key = event.key()
        if popup is not None and popup.isVisible():
            # The suggestions have Esc and Enter (close, take one), not the window.
            if event.type() == QEvent.Type.ShortcutOverride and key in (
                Qt.Key.Key_Escape,
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                event.accept()
                return True
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            # Enter and Esc are window shortcuts (open, back to the list); while the box
            # has a search, they belong to it.
            ours = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
            if ours and self.search.text():
                event.accept()
                return True
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        if key == Qt.Key.Key_Escape and self.search.text():
            self.clear_search()
            self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        if not self.searching:
            return False
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._step_results(1 if key == Qt.Key.Key_Down else -1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._search_timer.stop()
            self._activate(self.results.currentIndex())
            return True
        return False
