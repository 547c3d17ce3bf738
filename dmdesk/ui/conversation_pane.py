"""The left pane: name filter, folders with unread counts, platform filter, and
the conversation list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import ConversationSummary, ListQuery, Platform, View
from dmdesk.ui.conversation_delegate import ROW_HEIGHT, ConversationDelegate
from dmdesk.ui.conversation_model import ConversationListModel
from dmdesk.ui.icons import icon
from dmdesk.ui.roles import Roles
from dmdesk.ui.theme import current_theme

VIEW_ICONS = {
    View.INBOX: "inbox",
    View.UNREAD: "unread",
    View.PINNED: "pin",
    View.ARCHIVED: "archive",
    View.TRASH: "trash",
}
EMPTY_TEXT = {
    View.INBOX: "Inbox zero. Nice work! ✨",
    View.UNREAD: "Nothing unread.",
    View.PINNED: "Pin a conversation (P) to keep it at the top.",
    View.ARCHIVED: "No archived conversations.",
    View.TRASH: "Trash is empty.",
}


class ConversationPane(QWidget):
    current_changed = Signal(object)  # ConversationSummary | None
    query_changed = Signal(object)  # ListQuery

    def __init__(self, model: ConversationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.model = model
        color = current_theme().muted_text

        self.search = QLineEdit(self)
        self.search.setObjectName("SearchBox")
        self.search.setPlaceholderText("Filter by name   ( / )")
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

        self.platforms = QComboBox(self)
        self.platforms.addItem("All platforms", None)
        for platform in Platform:
            self.platforms.addItem(platform.label, platform.value)
        self.platforms.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.list = QListView(self)
        self.list.setObjectName("ConversationList")
        self.list.setModel(model)
        self.list.setItemDelegate(ConversationDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.verticalScrollBar().setSingleStep(ROW_HEIGHT // 2)
        self.list.setMouseTracking(True)
        self.list.setAccessibleName("Conversations")

        # Drawn over the (empty) list rather than instead of it, so the list keeps the
        # keyboard focus and j/k/r work the moment the first conversation arrives.
        self.empty = QLabel(self.list.viewport())
        self.empty.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.list.viewport().installEventFilter(self)
        self.empty.setObjectName("EmptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(6)
        for widget in (self.search, self.views, self.platforms):
            wrapper = QVBoxLayout()
            wrapper.setContentsMargins(10, 0, 10, 0)
            wrapper.addWidget(widget)
            layout.addLayout(wrapper)
        layout.addWidget(self.list, 1)

        self.search.textChanged.connect(self._on_filters_changed)
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
        return ListQuery(
            view=view,
            platform=Platform(platform) if platform else None,
            name_filter=self.search.text(),
        )

    def set_view(self, view: View) -> None:
        self.views.setCurrentRow(list(View).index(view))

    def current(self) -> ConversationSummary | None:
        index = self.list.currentIndex()
        return index.data(Roles.CONVERSATION) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.list.selectionModel().selectedRows())
        ids = [self.model.conversation_at(r).id for r in rows if self.model.conversation_at(r)]
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

    def step(self, step: int) -> None:
        row = self.list.currentIndex().row()
        target = 0 if row < 0 else row + step
        if target >= self.model.rowCount() and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        if 0 <= target < self.model.rowCount():
            self.select_row(target)

    def set_unread_count(self, count: int) -> None:
        """Show how many conversations wait unread, beside Inbox and Unread."""
        for row, view in enumerate(View):
            shows = view in (View.INBOX, View.UNREAD) and count
            self.views.item(row).setText(f"{view.label}    {count}" if shows else view.label)

    # --- slots ---------------------------------------------------------------------------------

    def _on_filters_changed(self, *_: object) -> None:
        self.model.set_query(self.query())
        self.query_changed.emit(self.model.query)
        self.select_row(0)

    def _on_list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(current.data(Roles.CONVERSATION) if current.isValid() else None)

    def _update_empty_state(self, *_: object) -> None:
        empty = self.model.rowCount() == 0
        query = self.model.query
        if query.name_filter.strip() or query.platform is not None:
            self.empty.setText("No conversations match this filter.")
        else:
            self.empty.setText(EMPTY_TEXT[query.view])
        self.empty.setGeometry(self.list.viewport().rect().adjusted(12, 0, -12, 0))
        self.empty.setVisible(empty)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list.viewport() and event.type() == QEvent.Type.Resize:
            self.empty.setGeometry(self.list.viewport().rect().adjusted(12, 0, -12, 0))
        return False
